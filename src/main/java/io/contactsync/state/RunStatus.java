package io.contactsync.state;

import java.util.Locale;

/** How a run of a flow stands; {@link #id()} (also {@link #toString()}) is how it is stored and printed. */
public enum RunStatus {
    /** Started and not finished (or its process died before it could say). */
    RUNNING,
    /** Every page committed, every record synced. */
    SUCCEEDED,
    /** Every page committed, but some records were parked (to be retried, or refused): see {@code status}. */
    PARTIAL,
    /** Stopped by an error; its checkpoint stays at the last committed page. */
    FAILED,
    /** Stopped because the daily quota is spent; resumes after the reset. */
    STOPPED,
    /**
     * Its process died mid-cycle (it stopped renewing the flow's lease); the run that took the lease over marked it.
     * Its checkpoint stays at its last committed page, like a failed run's.
     */
    ABANDONED;

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
