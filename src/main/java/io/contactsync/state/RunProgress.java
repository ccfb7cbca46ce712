package io.contactsync.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open run's progress after a committed page, written in that page's transaction ({@link PageCommit#progress()}).
 *
 * @param counts        the run's counters so far, in their fixed order
 * @param apiCalls      Constant Contact requests the run made so far
 * @param expectedTotal how many records the run expects to read, or null when unknown
 */
public record RunProgress(long runId, String flow, Instant startedAt, long pages, Map<String, Long> counts,
                          long apiCalls, Long expectedTotal, Instant updatedAt) {
    public RunProgress {
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** A counter so far (0 when absent). */
    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }
}
