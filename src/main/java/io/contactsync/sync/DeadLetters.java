package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.contactsync.state.DeadLetter;
import io.contactsync.state.StateStore;

/**
 * Turns a page's failures into dead letters: each with its kind, its reason and — for a transient one — when the
 * {@link RedrivePolicy} says to try it again, counting the attempts it already had.
 */
final class DeadLetters {

    private final String flow;
    private final StateStore state;
    private final RedrivePolicy policy;

    DeadLetters(String flow, StateStore state, RedrivePolicy policy) {
        this.flow = flow;
        this.state = state;
        this.policy = policy;
    }

    /**
     * @param failures by record key
     * @param payloads what to keep with each (may lack a key)
     */
    List<DeadLetter> park(Map<String, Failure> failures, Map<String, String> payloads, Instant now) {
        if (failures.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> before = state.deadLetterAttempts(flow, failures.keySet());
        List<DeadLetter> letters = new ArrayList<>();
        failures.forEach((key, f) -> {
            int attempts = before.getOrDefault(key, 0) + 1;
            Instant next = policy.nextAttempt(f.kind(), attempts, now).orElse(null);
            letters.add(new DeadLetter(flow, key, payloads.get(key), f.reason(), 1, now, f.kind(), next));
        });
        return letters;
    }
}
