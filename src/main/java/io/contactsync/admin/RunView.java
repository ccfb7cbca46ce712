package io.contactsync.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.RunProgress;
import io.contactsync.state.RunRecord;
import io.contactsync.sync.Counter;

/**
 * One run record as JSON, the same for {@code GET /admin/runs/{id}}, {@code GET /admin/runs} and the status report:
 * flow, trigger, status, times, progress (pages, read / written / parked so far, API calls, elapsed, ETA or null),
 * counts in their fixed order, API calls, duration and error.
 */
public final class RunView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunView() {
    }

    public static ObjectNode of(RunRecord r, Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", r.id());
        n.put("flow", r.flow());
        n.put("trigger", r.trigger());
        n.put("status", r.status().id());
        n.put("url", "/admin/runs/" + r.id());
        n.put("started_at", text(r.startedAt()));
        n.put("finished_at", text(r.finishedAt()));
        n.put("updated_at", text(r.updatedAt()));
        Duration elapsed = switch (r.status()) {
            case QUEUED -> Duration.ZERO;
            case RUNNING -> Duration.between(r.startedAt(), now);
            default -> Duration.ofMillis(r.durationMs());
        };
        RunProgress p = progress(r);
        ObjectNode progress = n.putObject("progress");
        progress.put("pages", r.pages());
        progress.put("read", ProgressLine.read(p));
        progress.put("written", ProgressLine.written(p));
        progress.put("parked", ProgressLine.parked(p));
        progress.put("api_calls", r.apiCalls());
        progress.put("elapsed_ms", elapsed.toMillis());
        if (r.expectedTotal() == null) {
            progress.putNull("expected_total");
        } else {
            progress.put("expected_total", r.expectedTotal());
        }
        if (r.status().open()) {
            ProgressLine.eta(r.expectedTotal(), ProgressLine.read(p), elapsed)
                    .ifPresentOrElse(eta -> progress.put("eta_seconds", eta.toSeconds()), () -> progress.putNull("eta_seconds"));
        } else {
            progress.put("eta_seconds", 0);
        }
        ObjectNode counts = n.putObject("counts");
        ordered(r.counts()).forEach(counts::put);
        n.put("api_calls", r.apiCalls());
        n.put("duration_ms", elapsed.toMillis());
        n.put("error", r.error());
        return n;
    }

    /** The run's progress as its record holds it. */
    public static RunProgress progress(RunRecord r) {
        return new RunProgress(r.id(), r.flow(), r.startedAt(), r.pages(), r.counts(), r.apiCalls(), r.expectedTotal(),
                r.updatedAt());
    }

    /** Counts in the fixed {@link Counter} order (the store keeps them sorted by name); unknown keys after them. */
    static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            m.put(c.key(), counts.getOrDefault(c.key(), 0L));
        }
        counts.forEach(m::putIfAbsent);
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
