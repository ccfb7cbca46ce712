package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.Activity;
import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.ImportBatch;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.state.StateStore;

/**
 * The write and confirm steps of {@code crm-to-ctct}: e-mail changes and unsubscribes by PUT, imports grouped by
 * list set and split by size, deletes and list removals as activities — each activity recorded in the outbox
 * before its POST — then polling every activity to its end, attributing row errors, and finding the
 * {@code contact_id} of created contacts. A permanent failure of one record marks that record failed (it will
 * be parked); retryable failures that outlast the retries abort the cycle before its commit.
 */
final class CtctWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW = Pattern.compile("(?i)row\\s*#?\\s*(\\d+)");
    private static final int BULK_IDS = 500;
    /** Constant Contact's clock may run ahead of the activity's created_at by a moment. */
    private static final long SCAN_MARGIN_SECONDS = 5;

    private final CtctClient ctct;
    private final StateStore state;
    private final ImportBatcher batcher;
    private final CycleHook hook;
    private final String flow;

    CtctWriter(CtctClient ctct, StateStore state, ImportBatcher batcher, CycleHook hook, String flow) {
        this.ctct = ctct;
        this.state = state;
        this.batcher = batcher;
        this.hook = hook;
        this.flow = flow;
    }

    void write(CrmToCtctCycle c) {
        for (RecordPlan p : c.decisions.plans()) {
            if (!p.isNew() && p.changeEmail()) {
                single(c, p, () -> ctct.changeEmail(p.contactId(), p.email()));
            }
            if (!p.isNew() && p.unsubscribe() && !c.failed.containsKey(p.crmId())) {
                single(c, p, () -> ctct.unsubscribe(p.contactId(), "Opted out in the CRM"));
            }
        }
        Map<List<String>, List<RecordPlan>> byLists = new LinkedHashMap<>();
        for (RecordPlan p : c.decisions.plans()) {
            if (p.importRow() != null && !c.failed.containsKey(p.crmId())) {
                byLists.computeIfAbsent(p.listIds(), k -> new ArrayList<>()).add(p);
            }
        }
        byLists.forEach((listIds, plans) -> startImports(c, listIds, plans));
        List<RecordPlan> deletes = c.decisions.plans().stream().filter(RecordPlan::delete).toList();
        for (int i = 0; i < deletes.size(); i += BULK_IDS) {
            List<RecordPlan> chunk = deletes.subList(i, Math.min(deletes.size(), i + BULK_IDS));
            start(c, "delete", chunk, () -> ctct.startDelete(chunk.stream().map(RecordPlan::contactId).toList()));
        }
        Map<List<String>, List<RecordPlan>> removals = c.decisions.plans().stream()
                .filter(p -> !p.removeFromLists().isEmpty() && !c.failed.containsKey(p.crmId()))
                .collect(Collectors.groupingBy(RecordPlan::removeFromLists, LinkedHashMap::new, Collectors.toList()));
        removals.forEach((lists, plans) -> {
            for (int i = 0; i < plans.size(); i += BULK_IDS) {
                List<RecordPlan> chunk = plans.subList(i, Math.min(plans.size(), i + BULK_IDS));
                start(c, "remove_list", chunk, () -> ctct.startRemoveFromLists(chunk.stream().map(RecordPlan::contactId).toList(), lists));
            }
        });
    }

    private void startImports(CrmToCtctCycle c, List<String> listIds, List<RecordPlan> plans) {
        Map<String, RecordPlan> byEmail = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (RecordPlan p : plans) {
            if (ImportBatcher.encodeRow(p.importRow()).length() > ImportBatcher.MAX_ROW_BYTES) {
                c.failed.put(p.crmId(), "record too large for an import row (over " + ImportBatcher.MAX_ROW_BYTES + " bytes)");
                continue;
            }
            byEmail.put(p.email(), p);
            rows.add(p.importRow());
        }
        for (ImportBatch batch : batcher.split(rows, listIds)) {
            List<RecordPlan> inBatch = batch.emails().stream().map(byEmail::get).toList();
            start(c, "import", inBatch, () -> ctct.startImport(batch));
        }
    }

    private void start(CrmToCtctCycle c, String kind, List<RecordPlan> plans, java.util.function.Supplier<String> post) {
        List<String> crmIds = plans.stream().map(RecordPlan::crmId).toList();
        List<String> emails = plans.stream().map(RecordPlan::email).toList();
        long outboxId = state.addPendingActivity(flow, kind, payload(crmIds));
        String activityId = post.get();
        state.setPendingActivityId(outboxId, activityId);
        c.started.add(new CrmToCtctCycle.Started(outboxId, kind, activityId, crmIds, emails));
        hook.reached(kind + "-posted");
    }

    void confirm(CrmToCtctCycle c) {
        Instant earliest = null;
        List<String> unattributed = new ArrayList<>();
        for (CrmToCtctCycle.Started s : c.started) {
            Activity a = ctct.awaitActivity(s.activityId());
            c.counts.inc(Counter.ACTIVITIES);
            if (!a.succeeded()) {
                String why = s.kind() + " activity " + a.id() + " ended " + a.state() + errorsSuffix(a.errors());
                s.crmIds().forEach(id -> c.failed.putIfAbsent(id, why));
                continue;
            }
            if ("import".equals(s.kind())) {
                earliest = earliest == null || a.createdAt().isBefore(earliest) ? a.createdAt() : earliest;
                unattributed.addAll(attributeErrors(c, s, a));
            }
        }
        Map<String, RecordPlan> imported = new HashMap<>();
        for (RecordPlan p : c.decisions.plans()) {
            if (p.importRow() != null && !c.failed.containsKey(p.crmId())) {
                imported.put(p.email(), p);
            }
        }
        if (!imported.isEmpty()) {
            findImported(c, imported.keySet(), earliest);
        }
        String hint = unattributed.isEmpty() ? "" : errorsSuffix(unattributed);
        for (RecordPlan p : imported.values()) {
            CtctContact found = c.confirmed.get(p.email());
            if (found == null && p.isNew()) {
                c.failed.put(p.crmId(), "the import did not create the contact" + hint);
            } else if (found != null && p.isNew() && p.unsubscribe() && !found.unsubscribed()) {
                single(c, p, () -> ctct.unsubscribe(found.contactId(), "Opted out in the CRM"));
            }
        }
    }

    /** Row errors name a row number or the e-mail; returns the errors that name neither. */
    private static List<String> attributeErrors(CrmToCtctCycle c, CrmToCtctCycle.Started s, Activity a) {
        List<String> left = new ArrayList<>();
        Map<String, String> idByEmail = new HashMap<>();
        for (int i = 0; i < s.emails().size(); i++) {
            idByEmail.put(s.emails().get(i).toLowerCase(Locale.ROOT), s.crmIds().get(i));
        }
        for (String error : a.errors()) {
            String crmId = null;
            String lower = error.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> e : idByEmail.entrySet()) {
                if (lower.contains(e.getKey())) {
                    crmId = e.getValue();
                    break;
                }
            }
            Matcher m = ROW.matcher(error);
            if (crmId == null && m.find()) {
                int row = Integer.parseInt(m.group(1));
                if (row >= 1 && row <= s.crmIds().size()) {
                    crmId = s.crmIds().get(row - 1);
                }
            }
            if (crmId == null) {
                left.add(error);
            } else {
                c.failed.putIfAbsent(crmId, "Constant Contact refused the row: " + error);
            }
        }
        return left;
    }

    /**
     * Reads back the contacts an import touched: one pass over contacts updated since the import began (cheap:
     * 500 per call), then single look-ups for any left (e.g. rows the import left unchanged).
     */
    private void findImported(CrmToCtctCycle c, Set<String> emails, Instant since) {
        Set<String> missing = new java.util.HashSet<>(emails);
        if (since != null) {
            ContactPage page = ctct.contactsUpdatedAfter(since.minusSeconds(SCAN_MARGIN_SECONDS), 500);
            while (true) {
                for (CtctContact contact : page.contacts()) {
                    String email = contact.email().toLowerCase(Locale.ROOT);
                    if (missing.remove(email)) {
                        c.confirmed.put(email, contact);
                    }
                }
                if (missing.isEmpty() || page.nextHref() == null) {
                    break;
                }
                page = ctct.nextContacts(page.nextHref());
            }
        }
        for (String email : missing) {
            ctct.findByEmail(email).ifPresent(contact -> c.confirmed.put(email, contact));
        }
    }

    private static void single(CrmToCtctCycle c, RecordPlan p, Runnable call) {
        try {
            call.run();
        } catch (CtctApiException e) {
            if (e.kind() != CtctApiException.Kind.PERMANENT) {
                throw e;
            }
            c.failed.put(p.crmId(), e.getMessage());
        }
    }

    private static String errorsSuffix(List<String> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        List<String> some = errors.size() > 5 ? errors.subList(0, 5) : errors;
        return ": " + String.join("; ", some) + (errors.size() > 5 ? " (+" + (errors.size() - 5) + " more)" : "");
    }

    private static String payload(List<String> crmIds) {
        try {
            return JSON.writeValueAsString(Map.of("crm_ids", crmIds));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
