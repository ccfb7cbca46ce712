package io.contactsync.state;

import java.time.Instant;

/**
 * Outbox entry: a remote write the engine is about to make or has made but not yet confirmed and committed.
 * Written before the POST ({@code activityId} null), updated with the activity id after it, and removed in the
 * same transaction that commits its effects. Entries left after a crash are confirmed on the next cycle.
 *
 * @param kind    e.g. {@code import}, {@code delete}, {@code remove_list}
 * @param payload JSON the engine needs to finish the work (the planned records)
 */
public record PendingActivity(long id, String flow, String kind, String activityId, String payload, Instant createdAt) {
}
