package io.contactsync.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsync.state.RunStatus;

/**
 * The outcome of one cycle of one flow, as printed by {@code sync} and stored in the run record.
 *
 * @param counts every counter, in {@link Counter}'s fixed order
 */
public record SyncSummary(String flow, long runId, RunStatus status, Map<String, Long> counts, long apiCalls,
                          long durationMs, String error) {
    public SyncSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public long count(Counter c) {
        return counts.getOrDefault(c.key(), 0L);
    }

    /** One INFO line: no e-mail addresses, no names. */
    public String line() {
        StringBuilder b = new StringBuilder(flow).append(' ').append(status).append(':');
        counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        b.append(" api_calls=").append(apiCalls).append(" duration_ms=").append(durationMs);
        if (error != null) {
            b.append(" error=").append(error);
        }
        return b.toString();
    }
}
