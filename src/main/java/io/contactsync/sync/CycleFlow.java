package io.contactsync.sync;

/**
 * A flow as its runner sees it: a fresh cycle body to send through its route, and how to record a cycle that
 * failed mid-way.
 *
 * @param <C> the body that travels through the flow's route
 */
public interface CycleFlow<C> {
    Flow flow();

    C newCycle();

    SyncSummary abort(C cycle, Throwable error);

    /** Gives a fresh cycle its run context (queued run id, trigger, stop request, progress listener). */
    default void attach(C cycle, CycleContext context) {
    }

    /** Makes a fresh cycle a dry run whose planned entries go to {@code sink}; it writes nothing anywhere. */
    default void attachPreview(C cycle, java.util.function.Consumer<java.util.List<PlanPreview.Entry>> sink) {
        throw new UnsupportedOperationException(flow().id() + " has no dry run");
    }

    /** Frees what the cycle holds outside the heap (an export's temporary file); called after a dry run, done or failed. */
    default void release(C cycle) {
    }

    /** The id of the cycle's run record once it has one, else null; called from the lease heartbeat thread. */
    default Long runId(C cycle) {
        return null;
    }
}
