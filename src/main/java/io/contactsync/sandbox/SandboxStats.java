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
    private final AtomicLong importCalls = new AtomicLong();
    private final AtomicLong importRows = new AtomicLong();
    private final AtomicLong importBytes = new AtomicLong();
    private final AtomicLong importMaxRows = new AtomicLong();
    private final AtomicLong importMaxBytes = new AtomicLong();
    /** Rows and bytes of the last {@link #RECENT_IMPORTS} imports, oldest first. */
    private final java.util.Deque<long[]> recentImports = new java.util.concurrent.ConcurrentLinkedDeque<>();
    static final int RECENT_IMPORTS = 1000;

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

    /** One accepted {@code contacts_json_import}: its rows and its request body's size, for the benchmark. */
    void importCall(long rows, long bytes) {
        importCalls.incrementAndGet();
        importRows.addAndGet(rows);
        importBytes.addAndGet(bytes);
        importMaxRows.accumulateAndGet(rows, Math::max);
        importMaxBytes.accumulateAndGet(bytes, Math::max);
        recentImports.addLast(new long[] {rows, bytes});
        while (recentImports.size() > RECENT_IMPORTS) {
            recentImports.pollFirst();
        }
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
        for (AtomicLong a : new AtomicLong[] {importCalls, importRows, importBytes, importMaxRows, importMaxBytes}) {
            a.set(0);
        }
        recentImports.clear();
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
        ObjectNode imports = out.putObject("imports").put("calls", importCalls.get()).put("rows", importRows.get())
                .put("bytes", importBytes.get()).put("max_rows", importMaxRows.get()).put("max_bytes", importMaxBytes.get());
        var recent = imports.putArray("recent");
        recentImports.forEach(r -> recent.addArray().add(r[0]).add(r[1]));
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
        JsonNode imports = saved.path("imports");
        importCalls.set(imports.path("calls").asLong());
        importRows.set(imports.path("rows").asLong());
        importBytes.set(imports.path("bytes").asLong());
        importMaxRows.set(imports.path("max_rows").asLong());
        importMaxBytes.set(imports.path("max_bytes").asLong());
    }
}
