package io.contactsync.sync;

import io.contactsync.state.FailureKind;

/**
 * Why one record of a page was not applied: {@link FailureKind#TRANSIENT} (the write did not land; it is re-driven) or
 * {@link FailureKind#PERMANENT} (the record was refused; parked until it changes). The reason names the field and the
 * rule, never a value.
 */
public record Failure(FailureKind kind, String reason) {

    public static Failure transientFailure(String reason) {
        return new Failure(FailureKind.TRANSIENT, reason);
    }

    public static Failure permanent(String reason) {
        return new Failure(FailureKind.PERMANENT, reason);
    }
}
