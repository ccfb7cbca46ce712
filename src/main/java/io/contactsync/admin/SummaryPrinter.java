package io.contactsync.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.SyncSummary;

/** Prints cycle summaries for people, or as one JSON object for scripts. */
public final class SummaryPrinter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryPrinter() {
    }

    /** Exit code of a run that committed everything but parked records. */
    public static final int EXIT_PARTIAL = 3;

    /**
     * Exit code when the blast-radius guard held a run (and none failed): nothing of the held batch was written; it
     * awaits {@code approve} or {@code reject} (docs/safety.md).
     */
    public static final int EXIT_HELD = 6;

    /**
     * Prints the summaries as asked and returns the command's exit code: 0 when every cycle succeeded, 3 when every
     * cycle committed but some parked records ({@code partial}), 6 when the guard held one and none failed, 1 when
     * one failed or stopped.
     */
    public static int print(PrintWriter out, List<SyncSummary> summaries, boolean json) throws IOException {
        if (json) {
            json(out, summaries);
        } else {
            human(out, summaries);
        }
        if (summaries.stream().allMatch(s -> s.status() == RunStatus.SUCCEEDED)) {
            return 0;
        }
        if (summaries.stream().allMatch(s -> s.status() == RunStatus.SUCCEEDED || s.status() == RunStatus.PARTIAL)) {
            return EXIT_PARTIAL;
        }
        return summaries.stream().allMatch(s -> s.status() == RunStatus.SUCCEEDED || s.status() == RunStatus.PARTIAL
                || s.status() == RunStatus.HELD) ? EXIT_HELD : 1;
    }

    public static void human(PrintWriter out, List<SyncSummary> summaries) {
        for (SyncSummary s : summaries) {
            out.printf("%s: %s in %.1f s, %d API calls%n", s.flow(), s.status(), s.durationMs() / 1000.0, s.apiCalls());
            s.counts().forEach((k, v) -> {
                if (v != 0) {
                    out.printf("  %-22s %d%n", k, v);
                }
            });
            if (s.error() != null) {
                out.printf("  error: %s%n", s.error());
            }
        }
        out.flush();
    }

    /** Totals at the top level, and each direction's own counts under {@code directions}. */
    public static void json(PrintWriter out, List<SyncSummary> summaries) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        long calls = 0;
        long duration = 0;
        RunStatus status = RunStatus.SUCCEEDED;
        Map<String, Object> directions = new LinkedHashMap<>();
        for (SyncSummary s : summaries) {
            s.counts().forEach((k, v) -> totals.merge(k, v, Long::sum));
            calls += s.apiCalls();
            duration += s.durationMs();
            if (s.status() != RunStatus.SUCCEEDED && status != RunStatus.FAILED && status != RunStatus.STOPPED) {
                status = s.status();
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", s.status().id());
            d.put("run_id", s.runId());
            d.putAll(s.counts());
            d.put("api_calls", s.apiCalls());
            d.put("duration_ms", s.durationMs());
            if (s.error() != null) {
                d.put("error", s.error());
            }
            directions.put(s.flow(), d);
        }
        root.put("status", status.id());
        root.putAll(totals);
        root.put("api_calls", calls);
        root.put("duration_ms", duration);
        root.put("directions", directions);
        out.println(JSON.writeValueAsString(root));
        out.flush();
    }
}
