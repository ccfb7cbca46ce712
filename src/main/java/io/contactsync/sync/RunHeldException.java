package io.contactsync.sync;

import io.contactsync.ContactSyncException;

/**
 * Thrown by a flow's {@code guard} step when the blast-radius guard holds the batch: nothing of it was written, its
 * checkpoint stands, and the run ends {@code held} (docs/safety.md). The message names kinds, counts and limits only.
 */
public final class RunHeldException extends ContactSyncException {

    private final long runId;
    private final long planRunId;

    /**
     * @param runId     the run that was held
     * @param planRunId the run whose plan awaits the decision: this one, or an earlier held run with the same plan
     */
    public RunHeldException(long runId, long planRunId, String message) {
        super(message);
        this.runId = runId;
        this.planRunId = planRunId;
    }

    public long runId() {
        return runId;
    }

    public long planRunId() {
        return planRunId;
    }
}
