package io.contactsync.sync;

import java.util.function.BooleanSupplier;

import io.contactsync.state.RunProgress;

/**
 * What the {@link FlowRunner} gives one cycle beyond its body: the run record opened for it at submit time (or null:
 * the cycle opens its own), what started it, whether it was asked to stop (checked after each committed page), and
 * who hears of each committed page.
 */
public final class CycleContext {

    /** A cycle nobody follows: opens its own run record, never asked to stop. */
    static final CycleContext NONE = new CycleContext(null, null, () -> false, (flow, p) -> { });

    private final Long queuedRunId;
    private final String trigger;
    private final BooleanSupplier stop;
    private final RunProgressListener listener;
    /** An {@code apply}: the plan file's entries of this flow, by record key; null for an ordinary cycle. */
    private final java.util.Map<String, PlanPreview.Entry> plan;

    CycleContext(Long queuedRunId, String trigger, BooleanSupplier stop, RunProgressListener listener) {
        this(queuedRunId, trigger, stop, listener, null);
    }

    CycleContext(Long queuedRunId, String trigger, BooleanSupplier stop, RunProgressListener listener,
                 java.util.Map<String, PlanPreview.Entry> plan) {
        this.queuedRunId = queuedRunId;
        this.trigger = trigger;
        this.stop = stop;
        this.listener = listener;
        this.plan = plan == null ? null : java.util.Map.copyOf(plan);
    }

    java.util.Map<String, PlanPreview.Entry> plan() {
        return plan;
    }

    Long queuedRunId() {
        return queuedRunId;
    }

    String trigger() {
        return trigger;
    }

    boolean stopRequested() {
        return stop.getAsBoolean();
    }

    void committed(Flow flow, RunProgress progress) {
        listener.committed(flow, progress);
    }
}
