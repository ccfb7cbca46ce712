package io.contactsync.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.ApiUsage;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.FlowLease;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;

/**
 * What {@code GET /admin/status} and {@code status --json} show, read from the state store only: each flow's
 * checkpoint, whether it runs and its current run's live progress ({@link RunView}), the last runs with their counts, conflicts (values included: this is behind the
 * admin token or on the operator's own machine), the dead-letter and link counts.
 */
public final class StatusReport {

    public static final int RECENT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusReport() {
    }

    /** Whose daily request budget to show: the OAuth client id and its configured daily quota. */
    public record Budget(String clientId, int dailyQuota) {
    }

    /** As {@link #build(StateStore, Function, Budget, Instant)}, without the request budget (no client configured). */
    public static ObjectNode build(StateStore state, Function<Flow, Boolean> running) {
        return build(state, running, null, Instant.now());
    }

    /**
     * @param running whether a flow's cycle is in progress right now
     * @param budget  whose daily request budget to show, or null to leave it out
     */
    public static ObjectNode build(StateStore state, Function<Flow, Boolean> running, Budget budget, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode flows = root.putObject("flows");
        for (Flow f : Flows.order()) {
            ObjectNode n = flows.putObject(f.id());
            n.put("running", running.apply(f));
            // The flow's open run (any process sharing the store) with its live progress, and runs queued behind it.
            RunRecord current = null;
            ArrayNode queued = JSON.createArrayNode();
            for (RunRecord r : state.openRuns(f.id())) {
                if (r.status() == RunStatus.RUNNING && current == null) {
                    current = r;
                } else if (r.status() == RunStatus.QUEUED) {
                    queued.add(r.id());
                }
            }
            if (current == null) {
                n.putNull("current_run");
            } else {
                n.set("current_run", RunView.of(current, now));
            }
            n.set("queued_runs", queued);
            FlowLease lease = state.lease(f.id()).orElse(null);
            if (lease == null) {
                n.putNull("lease");
            } else {
                ObjectNode l = n.putObject("lease");
                l.put("holder", lease.holder());
                l.put("since", text(lease.acquiredAt()));
                l.put("heartbeat_at", text(lease.heartbeatAt()));
                l.put("expires_at", text(lease.expiresAt()));
                l.put("expired", lease.expiredAt(now));
            }
            Checkpoint c = state.checkpoint(f.id()).orElse(null);
            if (c == null) {
                n.putNull("checkpoint");
            } else {
                ObjectNode cp = n.putObject("checkpoint");
                cp.put("position", c.position().toString());
                cp.put("tie_breaker", c.tieBreaker());
                cp.put("saved_at", text(c.savedAt()));
            }
        }
        ArrayNode runs = root.putArray("runs");
        for (RunRecord r : state.lastRuns(RECENT)) {
            ObjectNode n = runs.addObject();
            n.put("id", r.id());
            n.put("flow", r.flow());
            n.put("status", r.status().id());
            n.put("trigger", r.trigger());
            n.put("pages", r.pages());
            n.put("started_at", text(r.startedAt()));
            n.put("finished_at", text(r.finishedAt()));
            n.put("duration_ms", r.durationMs());
            n.put("api_calls", r.apiCalls());
            ObjectNode counts = n.putObject("counts");
            RunView.ordered(r.counts()).forEach(counts::put);
            if (r.error() != null) {
                n.put("error", r.error());
            }
        }
        ObjectNode conflicts = root.putObject("conflicts");
        conflicts.put("count", state.conflictCount());
        ArrayNode recent = conflicts.putArray("recent");
        for (ConflictRecord c : state.recentConflicts(RECENT)) {
            ObjectNode n = recent.addObject();
            n.put("crm_id", c.crmId());
            n.put("contact_id", c.contactId());
            n.put("field", c.field());
            n.put("crm_value", c.crmValue());
            n.put("ctct_value", c.ctctValue());
            n.put("winner", c.winner().id());
            n.put("policy", c.policy().yamlName());
            n.put("detected_at", text(c.detectedAt()));
        }
        root.put("dead_letters", state.deadLetterCount());
        // The first RECENT still parked of each flow, with the id deadletters show|retry|discard take.
        ArrayNode parked = root.putArray("parked");
        for (Flow f : Flows.order()) {
            for (DeadLetterEntry e : state.deadLetterPage(f.id(), false, 1, RECENT).entries()) {
                DeadLetter d = e.letter();
                ObjectNode n = parked.addObject();
                n.put("id", e.id());
                n.put("flow", f.id());
                n.put("record", d.recordKey());
                n.put("kind", d.kind().id());
                n.put("reason", d.reason());
                n.put("attempts", d.attempts());
                n.put("parked_at", text(d.parkedAt()));
                n.put("next_attempt_at", d.nextAttemptAt() == null ? null : text(d.nextAttemptAt()));
            }
        }
        // Runs the blast-radius guard held (awaiting a decision, or decided and not applied yet): docs/safety.md.
        ArrayNode held = root.putArray("held");
        for (HeldPlan p : new HeldRuns(state, java.time.Clock.systemUTC()).open()) {
            held.add(HeldRuns.json(p));
        }
        root.put("links", state.linkCount());
        if (budget != null) {
            putBudget(root.putObject("api_budget"), state, budget, now);
        }
        return root;
    }

    /** Today's (UTC) requests by every process of this Constant Contact application, and when the count resets. */
    private static void putBudget(ObjectNode n, StateStore state, Budget budget, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ApiUsage usage = state.apiUsage(budget.clientId(), today);
        n.put("day", today.toString());
        n.put("used", usage.used());
        n.put("left", Math.max(0, budget.dailyQuota() - usage.used()));
        n.put("daily_quota", budget.dailyQuota());
        n.put("throttled", usage.throttled());
        n.put("quota_exceeded_at", text(usage.quotaExceededAt()));
        n.put("resets_at", today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
