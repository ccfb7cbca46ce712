package io.contactsync.constantcontact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bulk activity's state, its {@code status} counts and {@code activity_errors}.
 *
 * @param resultsHref an export's {@code _links.results.href} (the file), null for other activities
 */
public record Activity(String id, String state, Map<String, Long> counts, List<String> errors, Instant createdAt,
                       String resultsHref) {

    private static final Set<String> FINAL = Set.of("completed", "cancelled", "failed", "timed_out");

    public Activity {
        counts = Map.copyOf(counts);
        errors = List.copyOf(errors);
    }

    public Activity(String id, String state, Map<String, Long> counts, List<String> errors, Instant createdAt) {
        this(id, state, counts, errors, createdAt, null);
    }

    public boolean done() {
        return FINAL.contains(state);
    }

    public boolean succeeded() {
        return "completed".equals(state);
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
