package io.contactsync.admin.page;

import java.util.List;

import io.contactsync.admin.ResyncMode;
import io.contactsync.sync.Flow;

/**
 * How the status page starts a sync or a resync: the page only asks, and shows the answer as a flash message. One small
 * seam so the way runs start (today a background thread around {@code FlowRunner.run}) can change without the page.
 */
public interface PageTriggers {

    /** What a trigger did: started (with the run ids when already known) or refused, and a message for the operator. */
    record Result(boolean started, List<Long> runIds, String message) {
        public Result {
            runIds = List.copyOf(runIds);
        }
    }

    /**
     * Starts the flows, in order, without waiting for them.
     *
     * @param resyncOrNull how to move each checkpoint back first; null for a plain sync
     */
    Result start(List<Flow> flows, ResyncMode resyncOrNull);

    /**
     * A dry run of the flows, now (docs/safety.md): nothing is written; the answer says, per flow, how many contacts
     * it would write and what the blast-radius guard would hold (counts and kinds only, never a value).
     */
    String plan(List<Flow> flows);

    /** Whether a run this started is still going (the page then refreshes itself). */
    boolean inProgress();
}
