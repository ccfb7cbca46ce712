package io.contactsync.sync;

import io.contactsync.state.RunProgress;

/**
 * Hears of every committed page of every cycle a {@link FlowRunner} runs (in-process: no database polling), on the
 * cycle's own thread right after the commit. Must be quick and must not throw.
 */
@FunctionalInterface
public interface RunProgressListener {
    void committed(Flow flow, RunProgress progress);
}
