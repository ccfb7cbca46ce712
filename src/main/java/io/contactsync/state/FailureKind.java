package io.contactsync.state;

import java.util.Locale;

/** Why a record was parked, which decides whether the engine tries it again by itself. */
public enum FailureKind {
    /** The record was fine but the write did not land (a failed or timed-out activity, retries ran out): re-driven. */
    TRANSIENT,
    /** The record itself was refused (mapping, a Constant Contact limit, a value refused): parked until it changes. */
    PERMANENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id();
    }
}
