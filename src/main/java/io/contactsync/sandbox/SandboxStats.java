package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the control API reports under {@code GET /sandbox/stats}. Thread-safe. The counters are persisted with
 * the account so that a restarted sandbox keeps counting.
 */
final class SandboxStats {
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rateLimited = new ConcurrentHashMap<>();
    private final AtomicLong specViolations = new AtomicLong();
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();

    SandboxStats() {
        reset();
    }

    void request(String key) {
        requests.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    void rateLimited(String errorKey) {
        rateLimited.computeIfAbsent(errorKey, k -> new AtomicLong()).incrementAndGet();
    }

    void specViolation() {
        specViolations.incrementAndGet();
    }

    void truncation() {
        truncations.incrementAndGet();
    }

    void tokenRequest() {
        tokenRequests.incrementAndGet();
    }

    final void reset() {
        requests.clear();
        rateLimited.clear();
        for (String key : new String[] {"throttled", "quota_exceeded", "queue_full"}) {
            rateLimited.put(key, new AtomicLong());
        }
        specViolations.set(0);
        truncations.set(0);
        tokenRequests.set(0);
    }

    /** The counters as JSON (without the account-derived sections, which {@link ControlApi} adds). */
    ObjectNode toJson() {
        ObjectNode out = SandboxJson.object();
        ObjectNode req = out.putObject("requests");
        new TreeMap<>(requests).forEach((k, v) -> req.put(k, v.get()));
        ObjectNode limited = out.putObject("rate_limited");
        new TreeMap<>(rateLimited).forEach((k, v) -> limited.put(k, v.get()));
        out.put("spec_violations", specViolations.get());
        out.put("truncations", truncations.get());
        out.put("token_requests", tokenRequests.get());
        return out;
    }

    /** Restores counters saved by {@link #toJson()}. */
    void restore(JsonNode saved) {
        reset();
        saved.path("requests").fields().forEachRemaining(e -> requests.put(e.getKey(), new AtomicLong(e.getValue().asLong())));
        saved.path("rate_limited").fields().forEachRemaining(e -> rateLimited.put(e.getKey(), new AtomicLong(e.getValue().asLong())));
        specViolations.set(saved.path("spec_violations").asLong());
        truncations.set(saved.path("truncations").asLong());
        tokenRequests.set(saved.path("token_requests").asLong());
    }
}
