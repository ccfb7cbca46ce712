package io.contactsync.state;

import java.time.Instant;

/**
 * A record the engine could not apply, parked with its reason. Parking the same {@code (flow, recordKey)}
 * again increments {@code attempts} and replaces payload and reason.
 */
public record DeadLetter(String flow, String recordKey, String payload, String reason, int attempts, Instant parkedAt) {
}
