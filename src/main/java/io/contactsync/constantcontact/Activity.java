package io.contactsync.constantcontact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A bulk activity's state, its {@code status} counts and {@code activity_errors}. */
public record Activity(String id, String state, Map<String, Long> counts, List<String> errors, Instant createdAt) {

    private static final Set<String> FINAL = Set.of("completed", "cancelled", "failed", "timed_out");

    public Activity {
        counts = Map.copyOf(counts);
        errors = List.copyOf(errors);
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
