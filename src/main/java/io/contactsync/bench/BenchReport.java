package io.contactsync.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The benchmark's figures and projections, as a readable table per phase or as one JSON object. Pure: it only
 * computes from {@link PhaseResult}s and formats.
 */
public final class BenchReport {

    /** Constant Contact's per-client daily request limit. */
    public static final long DAILY_REQUESTS = 10_000;
    /** Constant Contact's import limits: rows per {@code contacts_json_import} and its request size (4 MB). */
    public static final long IMPORT_MAX_ROWS = 40_000;
    public static final long IMPORT_MAX_BYTES = 4L * 1024 * 1024;
    /** Idle polling at the shipped schedule: a cycle every 5 minutes. */
    public static final long CYCLES_PER_DAY = 24 * 60 / 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReport() {
    }

    /** Calls per contact; 0 contacts gives the calls themselves (a phase about nothing costs what it costs). */
    public static double callsPerContact(long calls, long contacts) {
        return contacts <= 0 ? calls : (double) calls / contacts;
    }

    /** Contacts that fit in a day's 10,000 requests at this cost; -1 when the cost is zero (no bound from requests). */
    public static long contactsPerDay(long calls, long contacts) {
        if (calls <= 0) {
            return -1;
        }
        return (long) Math.floor(DAILY_REQUESTS / callsPerContact(calls, contacts));
    }

    /** Share of the daily budget a cycle of this many calls takes when it runs every 5 minutes, in percent. */
    public static double idleBudgetPercent(long callsPerCycle) {
        return 100.0 * callsPerCycle * CYCLES_PER_DAY / DAILY_REQUESTS;
    }

    /** Contacts per second of wall time; 0 when no time was measured. */
    public static double contactsPerSecond(long contacts, long wallMs) {
        return wallMs <= 0 ? 0 : contacts * 1000.0 / wallMs;
    }

    /** Engine contacts per request divided by the baseline's: how many times fewer requests the engine needs. */
    public static double ratio(PhaseResult engine, Baseline baseline) {
        if (engine.calls() <= 0 || baseline.calls() <= 0 || baseline.contacts() <= 0) {
            return -1;
        }
        double enginePerRequest = (double) engine.contacts() / engine.calls();
        double baselinePerRequest = (double) baseline.contacts() / baseline.calls();
        return enginePerRequest / baselinePerRequest;
    }

    /** The readable report: a block per phase, then the baseline. */
    public static String table(Map<String, String> machine, List<PhaseResult> phases, Baseline baseline) {
        StringBuilder b = new StringBuilder();
        line(b, "contact-sync bench: %s", machineLine(machine));
        for (PhaseResult p : phases) {
            line(b, "");
            line(b, "== %s (%,d contacts) %s", p.phase(), p.contacts(), p.ok() ? "" : "FAILED");
            if (!p.ok()) {
                line(b, "  error:              %s", p.error());
            }
            if (p.engineStatus() != null && !p.engineStatus().equals("succeeded")) {
                line(b, "  engine status:      %s (see the phase's .err file in the work folder)", p.engineStatus());
            }
            line(b, "  wall time:          %.1f s (engine's own run: %s)", p.wallMs() / 1000.0,
                    p.engineMs() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", p.engineMs() / 1000.0));
            line(b, "  contacts/s:         %,.0f", contactsPerSecond(p.contacts(), p.wallMs()));
            line(b, "  API calls:          %,d (%.5f per contact), token requests %d", p.calls(),
                    callsPerContact(p.calls(), p.contacts()), p.tokenRequests());
            new TreeMap<>(p.byEndpoint()).forEach((k, v) ->
                    line(b, "    %-48s %,8d  (%.5f per contact)", k, v, callsPerContact(v, p.contacts())));
            PhaseResult.Imports i = p.imports();
            if (i.calls() > 0) {
                line(b, "  imports:            %d calls, %,.0f rows and %,.0f bytes per call on average;"
                        + " largest %,d rows (%.1f %% of 40,000), %,d bytes (%.1f %% of 4 MB)", i.calls(),
                        (double) i.rows() / i.calls(), (double) i.bytes() / i.calls(), i.maxRows(),
                        100.0 * i.maxRows() / IMPORT_MAX_ROWS, i.maxBytes(), 100.0 * i.maxBytes() / IMPORT_MAX_BYTES);
            } else {
                line(b, "  imports:            none");
            }
            line(b, "  engine peak heap:   %s   peak RSS: %s", mb(p.peakHeapBytes()), mb(p.peakRssBytes()));
            if (p.phase().equals("noop")) {
                line(b, "  idle cycle:         %d calls; at one cycle per 5 min that is %,d calls/day = %.1f %% of 10,000",
                        p.calls(), p.calls() * CYCLES_PER_DAY, idleBudgetPercent(p.calls()));
            } else {
                long perDay = contactsPerDay(p.calls(), p.contacts());
                line(b, "  projected:          %s contacts/day inside 10,000 requests",
                        perDay < 0 ? "unbounded (no calls)" : String.format(Locale.ROOT, "%,d", perDay));
            }
        }
        if (baseline != null) {
            line(b, "");
            line(b, "== per-contact baseline (%,d contacts, one POST /v3/contacts/sign_up_form each) %s", baseline.contacts(),
                    baseline.error() == null ? "" : "FAILED: " + baseline.error());
            line(b, "  wall time:          %.1f s, %,.0f contacts/s", baseline.wallMs() / 1000.0,
                    contactsPerSecond(baseline.contacts(), baseline.wallMs()));
            line(b, "  API calls:          %,d (%.5f per contact, %.3f contacts per request)", baseline.calls(),
                    callsPerContact(baseline.calls(), baseline.contacts()), perRequest(baseline.contacts(), baseline.calls()));
            phases.stream().filter(p -> p.phase().equals("push") && p.ok()).findFirst().ifPresent(push -> {
                double r = ratio(push, baseline);
                line(b, "  engine push:        %.1f contacts per request; ratio engine/baseline: %s",
                        perRequest(push.contacts(), push.calls()),
                        r < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f x fewer requests per contact", r));
            });
        }
        return b.toString();
    }

    /** Every figure as one JSON object. */
    public static String json(Map<String, String> machine, List<PhaseResult> phases, Baseline baseline) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        var list = root.putArray("phases");
        for (PhaseResult p : phases) {
            ObjectNode o = list.addObject();
            o.put("phase", p.phase()).put("ok", p.ok()).put("contacts", p.contacts()).put("wall_ms", p.wallMs())
                    .put("engine_ms", p.engineMs()).put("contacts_per_s", contactsPerSecond(p.contacts(), p.wallMs()))
                    .put("api_calls", p.calls()).put("calls_per_contact", callsPerContact(p.calls(), p.contacts()))
                    .put("token_requests", p.tokenRequests());
            ObjectNode by = o.putObject("by_endpoint");
            new TreeMap<>(p.byEndpoint()).forEach(by::put);
            PhaseResult.Imports i = p.imports();
            o.putObject("imports").put("calls", i.calls()).put("rows", i.rows()).put("bytes", i.bytes())
                    .put("max_rows", i.maxRows()).put("max_bytes", i.maxBytes()).put("limit_rows", IMPORT_MAX_ROWS)
                    .put("limit_bytes", IMPORT_MAX_BYTES);
            o.put("peak_heap_bytes", p.peakHeapBytes()).put("peak_rss_bytes", p.peakRssBytes());
            if (p.phase().equals("noop")) {
                o.put("calls_per_day_at_5min", p.calls() * CYCLES_PER_DAY).put("budget_percent", idleBudgetPercent(p.calls()));
            } else {
                o.put("contacts_per_day", contactsPerDay(p.calls(), p.contacts()));
            }
            o.put("engine_status", p.engineStatus());
            o.put("error", p.error());
        }
        if (baseline != null) {
            ObjectNode o = root.putObject("baseline");
            o.put("contacts", baseline.contacts()).put("api_calls", baseline.calls()).put("wall_ms", baseline.wallMs())
                    .put("calls_per_contact", callsPerContact(baseline.calls(), baseline.contacts()))
                    .put("contacts_per_request", perRequest(baseline.contacts(), baseline.calls()))
                    .put("error", baseline.error());
            phases.stream().filter(p -> p.phase().equals("push") && p.ok()).findFirst()
                    .ifPresent(push -> o.put("ratio_vs_push", ratio(push, baseline)));
        }
        return root.toString();
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }

    private static double perRequest(long contacts, long calls) {
        return calls <= 0 ? 0 : (double) contacts / calls;
    }

    private static String machineLine(Map<String, String> machine) {
        StringBuilder s = new StringBuilder();
        machine.forEach((k, v) -> s.append(k).append('=').append(v).append("  "));
        return s.toString().trim();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
