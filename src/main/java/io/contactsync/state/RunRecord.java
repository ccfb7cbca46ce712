package io.contactsync.state;

import java.time.Instant;
import java.util.Map;

/**
 * One cycle of one flow. {@code counts} holds named counters (read, unchanged, imported, parked, ...).
 *
 * @param status {@code running}, {@code succeeded}, {@code failed} or {@code stopped} (e.g. quota exhausted)
 */
public record RunRecord(long id, String flow, Instant startedAt, Instant finishedAt, String status,
                        Map<String, Long> counts, long apiCalls, long durationMs, String error) {
    public RunRecord {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }
}
