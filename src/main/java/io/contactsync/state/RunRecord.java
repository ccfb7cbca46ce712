package io.contactsync.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cycle of one flow. {@code counts} holds named counters in their fixed order (read, unchanged, imported, …);
 * while the run is open they are its counts so far (updated with each page commit, like {@code pages},
 * {@code apiCalls} and {@code updatedAt}).
 *
 * @param trigger       what started it: {@code cli}, {@code schedule}, {@code admin}, {@code page}; null for runs
 *                      recorded before the trigger was (schema V5)
 * @param pages         pages committed so far
 * @param expectedTotal how many records the run expects to read, when the source could count them cheaply; else null
 * @param updatedAt     when its progress was last written; null before its first page
 */
public record RunRecord(long id, String flow, Instant startedAt, Instant finishedAt, RunStatus status,
                        Map<String, Long> counts, long apiCalls, long durationMs, String error, String trigger,
                        long pages, Long expectedTotal, Instant updatedAt) {
    public RunRecord {
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** A run as it ends (what {@link StateStore#finishRun} writes). */
    public RunRecord(long id, String flow, Instant startedAt, Instant finishedAt, RunStatus status,
                     Map<String, Long> counts, long apiCalls, long durationMs, String error) {
        this(id, flow, startedAt, finishedAt, status, counts, apiCalls, durationMs, error, null, 0, null, null);
    }
}
