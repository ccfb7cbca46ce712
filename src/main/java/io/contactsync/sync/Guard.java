package io.contactsync.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.contactsync.state.GuardEffect;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.StateStore;

/**
 * A flow's blast-radius guard around its {@link BlastRadius} decisions: per cycle it reads the linked count and the
 * decisions about the flow's held plans once, judges each batch before its first write, stores a held plan and
 * stops the cycle with {@link RunHeldException}, and at a cycle's end marks the decisions it read as spent.
 */
final class Guard {

    /** What the guard keeps across one cycle's batches. */
    static final class CycleGuard {
        private final long linked;
        private final List<BlastRadius.Decision> decisions;
        private final Map<String, Long> counted = new HashMap<>();

        private CycleGuard(long linked, List<BlastRadius.Decision> decisions) {
            this.linked = linked;
            this.decisions = List.copyOf(decisions);
        }
    }

    private static final List<HeldPlan.Status> DECIDED = List.of(HeldPlan.Status.APPROVED, HeldPlan.Status.REJECTED);

    private final String flow;
    private final StateStore state;
    private final BlastRadius.Limits limits;
    private final Clock clock;

    Guard(String flow, StateStore state, BlastRadius.Limits limits, Clock clock) {
        this.flow = flow;
        this.state = state;
        this.limits = limits;
        this.clock = clock;
    }

    CycleGuard begin() {
        if (!limits.enabled()) {
            return new CycleGuard(0, List.of());
        }
        List<BlastRadius.Decision> decisions = new ArrayList<>();
        for (HeldPlan p : state.heldPlans(flow, DECIDED)) {
            decisions.add(new BlastRadius.Decision(p.runId(), p.status() == HeldPlan.Status.APPROVED,
                    p.effects().stream().map(Guard::effect).collect(Collectors.toSet())));
        }
        return new CycleGuard(state.linkCount(), decisions);
    }

    /**
     * Judges a batch before its first write: the records to park because a decision rejected them (by CRM id, with
     * the reason), or a {@link RunHeldException} when the batch is over the limits.
     */
    Map<String, String> check(CycleGuard g, long runId, List<BlastRadius.Effect> effects) {
        if (!limits.enabled() || effects.isEmpty()) {
            return Map.of();
        }
        BlastRadius.Verdict verdict = BlastRadius.assess(effects, g.counted, g.linked, limits, g.decisions);
        if (verdict.held()) {
            throw hold(runId, g, verdict);
        }
        BlastRadius.addTo(g.counted, verdict.counted());
        return verdict.rejected();
    }

    /**
     * A dry run's judgement of a batch: the same verdict as {@link #check}, counted the same way across batches, but
     * nothing is stored and nothing thrown.
     */
    BlastRadius.Verdict preview(CycleGuard g, List<BlastRadius.Effect> effects) {
        if (!limits.enabled() || effects.isEmpty()) {
            return new BlastRadius.Verdict(List.of(), List.of(), Map.of(), Set.of());
        }
        BlastRadius.Verdict verdict = BlastRadius.assess(effects, g.counted, g.linked, limits, g.decisions);
        BlastRadius.addTo(g.counted, verdict.counted());
        return verdict;
    }

    private RunHeldException hold(long runId, CycleGuard g, BlastRadius.Verdict verdict) {
        List<GuardEffect> effects = verdict.counted().stream()
                .map(e -> new GuardEffect(e.crmId(), e.kind().id(), e.detail())).toList();
        Set<GuardEffect> planned = new HashSet<>(effects);
        for (HeldPlan pending : state.heldPlans(flow, List.of(HeldPlan.Status.HELD))) {
            if (new HashSet<>(pending.effects()).equals(planned)) {
                return new RunHeldException(runId, pending.runId(), message(verdict, pending.runId(),
                        "the same plan as held run " + pending.runId() + ", which still awaits a decision"));
            }
        }
        state.holdPlan(new HeldPlan(runId, flow, HeldPlan.Status.HELD, clock.instant(), null, null, g.linked,
                verdict.summary(), effects));
        return new RunHeldException(runId, runId, message(verdict, runId, null));
    }

    private String message(BlastRadius.Verdict verdict, long planRunId, String repeat) {
        return "held by the blast-radius guard: " + verdict.summary() + "; nothing of this batch was written"
                + (repeat == null ? "" : " (" + repeat + ")")
                + ". Review it in `contact-sync status`, then run `contact-sync approve "
                + planRunId + "` or `contact-sync reject " + planRunId + "`";
    }

    /** The cycle ended (not held, not failed): the decisions it read were applied, once. */
    void finished(CycleGuard g) {
        if (g != null && !g.decisions.isEmpty()) {
            state.spendHeldPlans(g.decisions.stream().map(BlastRadius.Decision::runId).toList(), clock.instant());
        }
    }

    private static BlastRadius.Effect effect(GuardEffect e) {
        return new BlastRadius.Effect(e.crmId(), BlastRadius.Kind.of(e.kind()), e.detail());
    }
}
