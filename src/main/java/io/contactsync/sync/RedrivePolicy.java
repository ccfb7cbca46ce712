package io.contactsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.contactsync.state.FailureKind;

/**
 * When a parked record is tried again. A transient failure is re-driven by the next cycle once its backoff has passed:
 * {@code initialBackoff} after the first failure, doubling up to {@code maxBackoff}; after {@code maxAttempts} it stays
 * parked and {@code status} says it will not be retried. A permanent failure is never re-driven by itself: the record
 * must change (or an operator retries it). Pure.
 */
public record RedrivePolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RedrivePolicy DEFAULT = new RedrivePolicy(8, Duration.ofMinutes(1), Duration.ofHours(6));

    public RedrivePolicy {
        if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("re-drive needs maxAttempts >= 1 and 0 <= initialBackoff <= maxBackoff");
        }
    }

    /**
     * @param attempts how many times the record has failed, this failure included (1 for the first)
     * @return when to try again, or empty when it is not re-driven
     */
    public Optional<Instant> nextAttempt(FailureKind kind, int attempts, Instant failedAt) {
        if (kind != FailureKind.TRANSIENT || attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return Optional.of(failedAt.plus(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait));
    }
}
