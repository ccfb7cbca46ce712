package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.Activity;
import io.contactsync.constantcontact.ActivityErrors;
import io.contactsync.constantcontact.ActivityKind;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.CtctLimits;
import io.contactsync.constantcontact.ErrorText;
import io.contactsync.constantcontact.ImportBatch;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CrmToCtctPages.ConfirmedPage;
import io.contactsync.sync.CrmToCtctPages.PlannedPage;
import io.contactsync.sync.CrmToCtctPages.Started;
import io.contactsync.sync.CrmToCtctPages.WrittenPage;

/**
 * Carries out a planned {@code crm-to-ctct} page in Constant Contact, deciding nothing: e-mail changes and
 * unsubscribes by PUT, new contacts the CRM opted out created unsubscribed by POST, imports grouped by list set and split by size, deletes and list removals as activities —
 * each activity recorded in the outbox before its POST — then polls every activity to its end, ties row errors
 * to their records and reads back the contacts the imports touched. A permanent refusal of one record fails that
 * record (it will be parked); retryable failures that outlast the client's retries abort the cycle before its
 * commit.
 */
final class CtctWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CRM_OPT_OUT_REASON = "Opted out in the CRM";

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

    WrittenPage write(PlannedPage page) {
        Attempt a = new Attempt();
        for (RecordPlan p : page.decisions().plans()) {
            if (!p.isNew() && p.changeEmail()) {
                single(a.failed, p.crmId(), () -> ctct.changeEmail(p.contactId(), p.email()));
            }
            if (!p.isNew() && p.unsubscribe() && !a.failed.containsKey(p.crmId())) {
                // Linked: the engine does not hold the whole current contact, and a PUT replaces every core field.
                single(a.failed, p.crmId(), () -> ctct.unsubscribe(p.contactId(), CRM_OPT_OUT_REASON));
            }
        }
        page = createUnsubscribed(a, page);
        List<RecordPlan> plans = page.decisions().plans();
        Map<List<String>, List<RecordPlan>> byLists = new LinkedHashMap<>();
        for (RecordPlan p : plans) {
            if (p.importRow() != null && !a.failed.containsKey(p.crmId())) {
                byLists.computeIfAbsent(p.listIds(), k -> new ArrayList<>()).add(p);
            }
        }
        byLists.forEach((listIds, group) -> startImports(a, listIds, group));
        List<RecordPlan> deletes = plans.stream().filter(RecordPlan::delete).toList();
        for (List<RecordPlan> chunk : CtctLimits.activityChunks(deletes)) {
            start(a, ActivityKind.DELETE, chunk, () -> ctct.startDelete(contactIds(chunk)));
        }
        Map<List<String>, List<RecordPlan>> removals = plans.stream()
                .filter(p -> !p.removeFromLists().isEmpty() && !a.failed.containsKey(p.crmId()))
                .collect(Collectors.groupingBy(RecordPlan::removeFromLists, LinkedHashMap::new, Collectors.toList()));
        removals.forEach((lists, group) -> {
            for (List<RecordPlan> chunk : CtctLimits.activityChunks(group)) {
                start(a, ActivityKind.REMOVE_LIST, chunk, () -> ctct.startRemoveFromLists(contactIds(chunk), lists));
            }
        });
        return new WrittenPage(page, a.started, a.failed, a.unsent, a.created);
    }

    /** What a page's writes have produced so far. */
    private static final class Attempt {
        final Map<String, Failure> failed = new LinkedHashMap<>();
        final List<Started> started = new ArrayList<>();
        final List<Long> unsent = new ArrayList<>();
        final Map<String, CtctContact> created = new LinkedHashMap<>();
    }

    /**
     * One {@code POST /contacts} per new record the CRM opted out, creating it unsubscribed. On 409 (Constant
     * Contact has the e-mail) or a refusal the record goes on as {@link CreateFallbackPlanner} decides; the page returned holds
     * the plans as they will be carried on (a 409'd record becomes an import of the same fields).
     */
    private PlannedPage createUnsubscribed(Attempt a, PlannedPage page) {
        CrmChangePlanner.Decisions d = page.decisions();
        List<RecordPlan> carried = new ArrayList<>(d.plans().size());
        boolean replanned = false;
        for (RecordPlan p : d.plans()) {
            RecordPlan next = p.createsUnsubscribed() ? create(a, p) : p;
            replanned |= next != p;
            carried.add(next);
        }
        return replanned ? new PlannedPage(page.loaded(), new CrmChangePlanner.Decisions(carried, d.unchanged(),
                d.parked(), d.deferred())) : page;
    }

    private RecordPlan create(Attempt a, RecordPlan p) {
        Optional<CtctContact> made;
        try {
            made = ctct.createUnsubscribed(p.createRow(), p.listIds());
        } catch (CtctApiException e) {
            if (e.kind() == CtctApiException.Kind.PERMANENT) {
                return CreateFallbackPlanner.refused(p).plan();
            }
            fail(a.failed, p.crmId(), e);
            return p;
        }
        if (made.isPresent()) {
            a.created.put(p.crmId(), made.get());
            return p;
        }
        Optional<CtctContact> existing = call(a.failed, p.crmId(), () -> ctct.findByEmail(p.email()));
        if (existing == null) {
            return p;
        }
        CreateFallbackPlanner.Decision decision = CreateFallbackPlanner.decide(p, existing);
        if (decision.failure() != null) {
            a.failed.put(p.crmId(), decision.failure());
        } else if (decision.unsubscribeFirst() != null) {
            single(a.failed, p.crmId(), () -> ctct.unsubscribe(decision.unsubscribeFirst(), CRM_OPT_OUT_REASON));
        }
        return decision.plan();
    }

    private void startImports(Attempt a, List<String> listIds, List<RecordPlan> plans) {
        List<RecordPlan> sendable = new ArrayList<>();
        for (RecordPlan p : plans) {
            if (ImportBatcher.encodeRow(p.importRow()).length() > ImportBatcher.MAX_ROW_BYTES) {
                a.failed.put(p.crmId(), Failure.permanent("record too large for an import row (over "
                        + ImportBatcher.MAX_ROW_BYTES + " bytes)"));
            } else {
                sendable.add(p);
            }
        }
        importRows(a, listIds, sendable);
    }

    /**
     * Sends the rows as imports. Constant Contact refuses a whole body (400) for one bad row, so a refused body is
     * split in halves and each sent again, until the refused rows stand alone: only those are parked, with the
     * fields and rules Constant Contact named; the rest lands in this cycle.
     */
    private void importRows(Attempt a, List<String> listIds, List<RecordPlan> plans) {
        Map<String, RecordPlan> byEmail = new LinkedHashMap<>();
        plans.forEach(p -> byEmail.put(p.email(), p));
        for (ImportBatch batch : batcher.split(plans.stream().map(RecordPlan::importRow).toList(), listIds)) {
            List<RecordPlan> inBatch = batch.emails().stream().map(byEmail::get).toList();
            CtctApiException refused = start(a, ActivityKind.IMPORT, inBatch, () -> ctct.startImport(batch));
            if (refused == null) {
                continue;
            }
            if (inBatch.size() == 1) {
                a.failed.put(inBatch.get(0).crmId(), Failure.permanent("Constant Contact refused the import row ("
                        + refused.status() + "): " + ErrorText.importRefusal(refused.body())));
            } else {
                int half = inBatch.size() / 2;
                importRows(a, listIds, inBatch.subList(0, half));
                importRows(a, listIds, inBatch.subList(half, inBatch.size()));
            }
        }
    }

    /**
     * Records the activity in the outbox, POSTs it and notes it as started. A POST that retries could not get
     * through fails its records transiently (re-driven later); a refused one fails them permanently, except a
     * refused import, which is returned to be bisected.
     */
    private CtctApiException start(Attempt a, ActivityKind kind, List<RecordPlan> plans, Supplier<String> post) {
        List<String> crmIds = plans.stream().map(RecordPlan::crmId).toList();
        List<String> emails = plans.stream().map(RecordPlan::email).toList();
        long outboxId = state.addPendingActivity(flow, kind.id(), payload(crmIds));
        String activityId;
        try {
            activityId = post.get();
        } catch (CtctApiException e) {
            a.unsent.add(outboxId);
            if (e.kind() == CtctApiException.Kind.RETRYABLE) {
                crmIds.forEach(id -> a.failed.putIfAbsent(id, Failure.transientFailure(kind.id() + " not sent: "
                        + ErrorText.redact(e.getMessage()))));
                return null;
            }
            if (e.kind() != CtctApiException.Kind.PERMANENT) {
                throw e;
            }
            if (kind == ActivityKind.IMPORT) {
                return e;
            }
            crmIds.forEach(id -> a.failed.putIfAbsent(id, Failure.permanent(kind.id() + " refused ("
                    + e.status() + "): " + ErrorText.redact(e.getMessage()))));
            return null;
        }
        state.setPendingActivityId(outboxId, activityId);
        a.started.add(new Started(outboxId, kind, activityId, crmIds, emails));
        hook.reached(kind.id() + "-posted");
        return null;
    }

    /**
     * Polls every activity of the batch together to its end, ties row errors to records, and reads back what the
     * imports touched (by export or by pages, whichever costs fewer requests: {@code ReadBackPlanner}).
     */
    ConfirmedPage confirm(WrittenPage page) {
        Map<String, Failure> failed = new LinkedHashMap<>(page.failed());
        Instant earliest = null;
        List<String> unattributed = new ArrayList<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        page.started().forEach(s -> rows.put(s.activityId(), s.crmIds().size()));
        Map<String, Activity> ended;
        try {
            ended = ctct.awaitActivities(rows);
        } catch (CtctApiException e) {
            if (e.kind() != CtctApiException.Kind.RETRYABLE) {
                throw e;
            }
            Failure why = Failure.transientFailure("activities not confirmed: " + ErrorText.redact(e.getMessage()));
            page.started().forEach(s -> s.crmIds().forEach(id -> failed.putIfAbsent(id, why)));
            ended = Map.of();
        }
        for (Started s : page.started()) {
            Activity a = ended.get(s.activityId());
            if (a == null) {
                Failure why = Failure.transientFailure(s.kind().id() + " activity " + s.activityId()
                        + " not confirmed: still running at the activity timeout");
                s.crmIds().forEach(id -> failed.putIfAbsent(id, why));
                continue;
            }
            if (!a.succeeded()) {
                // The records were fine; the activity was not: try them again (re-drive), never park them for good.
                Failure why = Failure.transientFailure(s.kind().id() + " activity " + a.id() + " ended " + a.state()
                        + Reasons.errorsSuffix(a.errors().stream().map(ErrorText::redact).toList()));
                s.crmIds().forEach(id -> failed.putIfAbsent(id, why));
                continue;
            }
            if (s.kind() == ActivityKind.IMPORT) {
                earliest = earliest == null || a.createdAt().isBefore(earliest) ? a.createdAt() : earliest;
                ActivityErrors.Attribution errors = ActivityErrors.attribute(a.errors(), s.emails());
                errors.byRow().forEach((row, error) -> failed.putIfAbsent(s.crmIds().get(row),
                        Failure.permanent("Constant Contact refused the row: " + ErrorText.redact(error))));
                errors.unattributed().forEach(e -> unattributed.add(ErrorText.redact(e)));
            }
        }
        List<String> imported = new ArrayList<>();
        for (RecordPlan p : page.planned().decisions().plans()) {
            if (p.importRow() != null && !failed.containsKey(p.crmId())) {
                imported.add(p.email());
            }
        }
        if (imported.isEmpty()) {
            return new ConfirmedPage(page, Map.of(), failed, page.started().size(), unattributed, Set.of(), Set.of());
        }
        long newOnes = page.planned().decisions().plans().stream().filter(RecordPlan::isNew).count();
        CtctClient.ReadBack readBack = ctct.readBack(imported, earliest, state.linkCount() + newOnes);
        return new ConfirmedPage(page, readBack.contacts(), failed, page.started().size(), unattributed,
                readBack.existedBefore(), readBack.whole());
    }

    /**
     * Unsubscribes a contact the CRM opted out that the read-back returned whole: one PUT, no GET. A refusal or a call
     * that did not get through fails the record.
     */
    void unsubscribe(Map<String, Failure> failed, String crmId, CtctContact current) {
        single(failed, crmId, () -> ctct.unsubscribe(current, CRM_OPT_OUT_REASON));
    }

    /** Unsubscribes a contact the engine does not hold whole: GET, then PUT. */
    void unsubscribe(Map<String, Failure> failed, String crmId, String contactId) {
        single(failed, crmId, () -> ctct.unsubscribe(contactId, CRM_OPT_OUT_REASON));
    }

    /** One call for one record: refused → permanent, retries exhausted → transient; quota or authorization stop the cycle. */
    private static void single(Map<String, Failure> failed, String crmId, Runnable call) {
        call(failed, crmId, () -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    /** As {@link #single}, with the call's answer; null when the call failed the record. */
    private static <T> T call(Map<String, Failure> failed, String crmId, Supplier<T> call) {
        try {
            return call.get();
        } catch (CtctApiException e) {
            fail(failed, crmId, e);
            return null;
        }
    }

    private static void fail(Map<String, Failure> failed, String crmId, CtctApiException e) {
        switch (e.kind()) {
            case PERMANENT -> failed.put(crmId, Failure.permanent(ErrorText.redact(e.getMessage())));
            case RETRYABLE -> failed.put(crmId, Failure.transientFailure(ErrorText.redact(e.getMessage())));
            default -> throw e;
        }
    }

    private static List<String> contactIds(List<RecordPlan> plans) {
        return plans.stream().map(RecordPlan::contactId).toList();
    }

    private static String payload(List<String> crmIds) {
        try {
            return JSON.writeValueAsString(Map.of("crm_ids", crmIds));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
