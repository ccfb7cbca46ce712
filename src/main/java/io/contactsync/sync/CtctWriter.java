package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * unsubscribes by PUT, imports grouped by list set and split by size, deletes and list removals as activities —
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
        List<RecordPlan> plans = page.decisions().plans();
        Map<String, String> failed = new LinkedHashMap<>();
        List<Started> started = new ArrayList<>();
        for (RecordPlan p : plans) {
            if (!p.isNew() && p.changeEmail()) {
                single(failed, p.crmId(), () -> ctct.changeEmail(p.contactId(), p.email()));
            }
            if (!p.isNew() && p.unsubscribe() && !failed.containsKey(p.crmId())) {
                single(failed, p.crmId(), () -> ctct.unsubscribe(p.contactId(), CRM_OPT_OUT_REASON));
            }
        }
        Map<List<String>, List<RecordPlan>> byLists = new LinkedHashMap<>();
        for (RecordPlan p : plans) {
            if (p.importRow() != null && !failed.containsKey(p.crmId())) {
                byLists.computeIfAbsent(p.listIds(), k -> new ArrayList<>()).add(p);
            }
        }
        byLists.forEach((listIds, group) -> startImports(started, failed, listIds, group));
        List<RecordPlan> deletes = plans.stream().filter(RecordPlan::delete).toList();
        for (List<RecordPlan> chunk : CtctLimits.activityChunks(deletes)) {
            start(started, ActivityKind.DELETE, chunk, () -> ctct.startDelete(contactIds(chunk)));
        }
        Map<List<String>, List<RecordPlan>> removals = plans.stream()
                .filter(p -> !p.removeFromLists().isEmpty() && !failed.containsKey(p.crmId()))
                .collect(Collectors.groupingBy(RecordPlan::removeFromLists, LinkedHashMap::new, Collectors.toList()));
        removals.forEach((lists, group) -> {
            for (List<RecordPlan> chunk : CtctLimits.activityChunks(group)) {
                start(started, ActivityKind.REMOVE_LIST, chunk, () -> ctct.startRemoveFromLists(contactIds(chunk), lists));
            }
        });
        return new WrittenPage(page, started, failed);
    }

    private void startImports(List<Started> started, Map<String, String> failed, List<String> listIds, List<RecordPlan> plans) {
        Map<String, RecordPlan> byEmail = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (RecordPlan p : plans) {
            if (ImportBatcher.encodeRow(p.importRow()).length() > ImportBatcher.MAX_ROW_BYTES) {
                failed.put(p.crmId(), "record too large for an import row (over " + ImportBatcher.MAX_ROW_BYTES + " bytes)");
                continue;
            }
            byEmail.put(p.email(), p);
            rows.add(p.importRow());
        }
        for (ImportBatch batch : batcher.split(rows, listIds)) {
            List<RecordPlan> inBatch = batch.emails().stream().map(byEmail::get).toList();
            start(started, ActivityKind.IMPORT, inBatch, () -> ctct.startImport(batch));
        }
    }

    private void start(List<Started> started, ActivityKind kind, List<RecordPlan> plans, Supplier<String> post) {
        List<String> crmIds = plans.stream().map(RecordPlan::crmId).toList();
        List<String> emails = plans.stream().map(RecordPlan::email).toList();
        long outboxId = state.addPendingActivity(flow, kind.id(), payload(crmIds));
        String activityId = post.get();
        state.setPendingActivityId(outboxId, activityId);
        started.add(new Started(outboxId, kind, activityId, crmIds, emails));
        hook.reached(kind.id() + "-posted");
    }

    /** Polls each activity to its end, ties row errors to records, and reads back what the imports touched. */
    ConfirmedPage confirm(WrittenPage page) {
        Map<String, String> failed = new LinkedHashMap<>(page.failed());
        Instant earliest = null;
        List<String> unattributed = new ArrayList<>();
        for (Started s : page.started()) {
            Activity a = ctct.awaitActivity(s.activityId());
            if (!a.succeeded()) {
                String why = s.kind().id() + " activity " + a.id() + " ended " + a.state() + Reasons.errorsSuffix(a.errors());
                s.crmIds().forEach(id -> failed.putIfAbsent(id, why));
                continue;
            }
            if (s.kind() == ActivityKind.IMPORT) {
                earliest = earliest == null || a.createdAt().isBefore(earliest) ? a.createdAt() : earliest;
                ActivityErrors.Attribution errors = ActivityErrors.attribute(a.errors(), s.emails());
                errors.byRow().forEach((row, error) ->
                        failed.putIfAbsent(s.crmIds().get(row), "Constant Contact refused the row: " + error));
                unattributed.addAll(errors.unattributed());
            }
        }
        List<String> imported = new ArrayList<>();
        for (RecordPlan p : page.planned().decisions().plans()) {
            if (p.importRow() != null && !failed.containsKey(p.crmId())) {
                imported.add(p.email());
            }
        }
        Map<String, CtctContact> readBack = imported.isEmpty() ? Map.of() : ctct.readBack(imported, earliest);
        return new ConfirmedPage(page, readBack, failed, page.started().size(), unattributed);
    }

    /** Unsubscribes a contact the CRM opted out; a permanent refusal fails the record. */
    void unsubscribe(Map<String, String> failed, String crmId, String contactId) {
        single(failed, crmId, () -> ctct.unsubscribe(contactId, CRM_OPT_OUT_REASON));
    }

    private static void single(Map<String, String> failed, String crmId, Runnable call) {
        try {
            call.run();
        } catch (CtctApiException e) {
            if (e.kind() != CtctApiException.Kind.PERMANENT) {
                throw e;
            }
            failed.put(crmId, e.getMessage());
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
