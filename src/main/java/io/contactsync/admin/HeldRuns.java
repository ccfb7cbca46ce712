package io.contactsync.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.GuardEffect;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator can do with runs the blast-radius guard held, shared by {@code approve}/{@code reject}, the admin
 * API and the status page: see the held plans, approve one (the next cycle of its flow writes exactly its effects),
 * reject one (the next cycle parks the records that carry them). Only a plan still {@code held} can be decided; the
 * first decision wins. Plans show kinds, counts, fields, list ids and CRM ids, never a value.
 */
public final class HeldRuns {

    /** How many CRM ids of each kind a view lists. */
    public static final int SAMPLE = 20;
    private static final Logger LOG = LoggerFactory.getLogger(HeldRuns.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<HeldPlan.Status> OPEN = List.of(HeldPlan.Status.HELD, HeldPlan.Status.APPROVED,
            HeldPlan.Status.REJECTED);

    /** The run has no plan that can be decided now: unknown, never held, or decided already. */
    public static final class NotDecidable extends RuntimeException {
        private final boolean unknown;

        NotDecidable(String message, boolean unknown) {
            super(message);
            this.unknown = unknown;
        }

        /** No held plan has this run id at all (404), rather than one decided already (409). */
        public boolean unknown() {
            return unknown;
        }
    }

    private final StateStore state;
    private final Clock clock;

    public HeldRuns(StateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Plans awaiting a decision, and decisions not applied yet, of every flow, oldest first. */
    public List<HeldPlan> open() {
        List<HeldPlan> plans = new ArrayList<>();
        for (Flow f : Flows.order()) {
            plans.addAll(state.heldPlans(f.id(), OPEN));
        }
        return plans;
    }

    public HeldPlan approve(long runId, String by) {
        return decide(runId, HeldPlan.Status.APPROVED, by);
    }

    public HeldPlan reject(long runId, String by) {
        return decide(runId, HeldPlan.Status.REJECTED, by);
    }

    private HeldPlan decide(long runId, HeldPlan.Status decision, String by) {
        HeldPlan plan = state.heldPlan(runId).orElseThrow(() -> new NotDecidable("run " + runId
                + " has no held plan (a run held with the same plan as an earlier one names that run in its error;"
                + " see contact-sync status)", true));
        if (!state.decideHeldPlan(runId, decision, by, clock.instant())) {
            HeldPlan now = state.heldPlan(runId).orElse(plan);
            throw new NotDecidable("run " + runId + " cannot be " + decision.id() + ": its plan is " + now.status().id()
                    + (now.status() == HeldPlan.Status.SUPERSEDED ? " (a later held run of " + now.flow()
                    + " replaced it; decide that one)" : ""), false);
        }
        // Counts and kinds only: the plan's record ids stay in the state store and the operator's own views.
        LOG.warn("{}: held run {} {} by {}: {}", plan.flow(), runId, decision.id(), by, plan.summary());
        return state.heldPlan(runId).orElse(plan);
    }

    /** What the next cycle of the plan's flow will do with it, in one sentence. */
    public static String next(HeldPlan p) {
        return switch (p.status()) {
            case HELD -> "awaits a decision: contact-sync approve " + p.runId() + " or contact-sync reject " + p.runId();
            case APPROVED -> "approved: the next " + p.flow() + " cycle writes exactly these effects";
            case REJECTED -> "rejected: the next " + p.flow() + " cycle parks the records that carry them";
            case SUPERSEDED -> "superseded by a later held run of " + p.flow();
            case SPENT -> "applied by a later cycle";
        };
    }

    /** The plan as JSON: status, summary, counts per kind (and field or list), and the first CRM ids of each. */
    public static ObjectNode json(HeldPlan p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", p.runId());
        n.put("flow", p.flow());
        n.put("status", p.status().id());
        n.put("held_at", p.heldAt().toString());
        n.put("decided_at", p.decidedAt() == null ? null : p.decidedAt().toString());
        n.put("decided_by", p.decidedBy());
        n.put("linked", p.linked());
        n.put("summary", p.summary());
        n.put("next", next(p));
        n.put("effects_total", p.effects().size());
        ArrayNode groups = n.putArray("effects");
        groups(p).forEach((group, ids) -> {
            ObjectNode g = groups.addObject();
            int colon = group.indexOf(':');
            g.put("kind", colon < 0 ? group : group.substring(0, colon));
            g.put("detail", colon < 0 ? "" : group.substring(colon + 1));
            g.put("count", ids.size());
            ArrayNode sample = g.putArray("crm_ids");
            ids.stream().limit(SAMPLE).forEach(sample::add);
        });
        return n;
    }

    /** The plan's effects by kind and field or list ({@code blank:first_name}), each with its CRM ids. */
    public static Map<String, List<String>> groups(HeldPlan p) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (GuardEffect e : p.effects()) {
            groups.computeIfAbsent(e.kind() + (e.detail().isEmpty() ? "" : ":" + e.detail()), k -> new ArrayList<>())
                    .add(e.crmId());
        }
        return groups;
    }
}
