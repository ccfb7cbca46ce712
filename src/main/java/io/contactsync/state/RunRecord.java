package io.contactsync.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cycle of one flow. {@code counts} holds named counters in their fixed order (read, unchanged, imported, …).
 *
 */
public record RunRecord(long id, String flow, Instant startedAt, Instant finishedAt, RunStatus status,
                        Map<String, Long> counts, long apiCalls, long durationMs, String error) {
    public RunRecord {
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
