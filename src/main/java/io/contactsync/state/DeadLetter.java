package io.contactsync.state;

import java.time.Instant;

/**
 * A record the engine could not apply, parked with its reason (which names the field and the rule, never a value).
 * Parking the same {@code (flow, recordKey)} again adds {@code attempts} and replaces payload, reason, kind and
 * next attempt.
 *
 * @param attempts      how many times this parking counts (1 for one failure); as read: the total so far
 * @param kind          transient ones are re-driven from {@code nextAttemptAt}
 * @param nextAttemptAt when the flow tries the record again; null for permanent ones and those out of attempts
 */
public record DeadLetter(String flow, String recordKey, String payload, String reason, int attempts, Instant parkedAt,
                         FailureKind kind, Instant nextAttemptAt) {

    /** A permanent dead letter (the record itself was refused). */
    public DeadLetter(String flow, String recordKey, String payload, String reason, int attempts, Instant parkedAt) {
        this(flow, recordKey, payload, reason, attempts, parkedAt, FailureKind.PERMANENT, null);
    }

    public boolean willRetry() {
        return nextAttemptAt != null;
    }
}
