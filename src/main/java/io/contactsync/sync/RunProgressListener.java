package io.contactsync.sync;

import io.contactsync.state.RunProgress;
import io.contactsync.state.RunRecord;

/**
 * Hears of every committed page of every cycle a {@link FlowRunner} runs (in-process: no database polling), on the
 * cycle's own thread right after the commit, and of every cycle's end. Must be quick and must not throw.
 */
@FunctionalInterface
public interface RunProgressListener {
    void committed(Flow flow, RunProgress progress);

    /** A cycle ended (any outcome) and its run record is closed in the state store, as it was written there. */
    default void finished(Flow flow, RunRecord run) {
    }
}
