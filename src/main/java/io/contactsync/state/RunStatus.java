package io.contactsync.state;

import java.util.Locale;

/** How a run of a flow stands; {@link #id()} (also {@link #toString()}) is how it is stored and printed. */
public enum RunStatus {
    /** Opened when it was asked for (e.g. the second flow of {@code both} over admin HTTP); not started yet. */
    QUEUED,
    /** Started and not finished (or its process died before it could say). */
    RUNNING,
    /** Every page committed, every record synced. */
    SUCCEEDED,
    /** Every page committed, but some records were parked (to be retried, or refused): see {@code status}. */
    PARTIAL,
    /** Stopped by an error; its checkpoint stays at the last committed page. */
    FAILED,
    /**
     * Stopped before its last page: the daily quota is spent (resumes after the reset), or it was told to stop
     * (SIGTERM, Ctrl-C) and ended after committing the page in flight. Either way its checkpoint stands at the last
     * committed page and the next run continues from there; {@code error} says which.
     */
    STOPPED,
    /** Queued, but when its turn came its flow was busy (another run held it): nothing ran; {@code error} says who. */
    REFUSED,
    /**
     * Its process died mid-cycle (it stopped renewing the flow's lease); the run that took the lease over marked it.
     * Its checkpoint stays at its last committed page, like a failed run's.
     */
    ABANDONED,
    /**
     * Stopped by the blast-radius guard before its batch's first write: it would have removed or destroyed more than
     * the limits allow. Nothing of that batch was written and its checkpoint stands; its plan awaits
     * {@code approve} or {@code reject} (docs/safety.md).
     */
    HELD;

    /** Queued or running: not ended yet. */
    public boolean open() {
        return this == QUEUED || this == RUNNING;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code id}. */
    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id();
    }
}
