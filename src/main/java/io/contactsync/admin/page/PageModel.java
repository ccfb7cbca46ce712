package io.contactsync.admin.page;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.admin.DeadLetterActions;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.DeadLetterPage;

/**
 * What the status page shows, as the plain maps and lists its template reads; built from the JSON of
 * {@code StatusReport} and a page of dead letters. Pure: no I/O, so rendering is unit-tested without an engine.
 * Every value is text the template escapes.
 */
final class PageModel {

    private PageModel() {
    }

    /**
     * @param report    {@code StatusReport.build(...)}
     * @param schedules each flow's cron, or blank/"off" when it has none
     * @param csrf      the session's CSRF token (blank when the page was opened with a Bearer header)
     * @param flash     a message from the last action, or null
     * @param refresh   whether the page reloads itself (a run is going)
     */
    static Map<String, Object> of(JsonNode report, DeadLetterPage deadLetters, Map<String, String> schedules, Instant now,
                                  String csrf, String flash, boolean refresh) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        m.put("csrf", csrf == null ? "" : csrf);
        m.put("canAct", csrf != null && !csrf.isBlank());
        m.put("flash", flash);
        m.put("refresh", refresh);
        m.put("flows", flows(report, schedules, now));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (JsonNode r : report.path("runs")) {
            runs.add(run(r, now));
        }
        m.put("runs", runs);
        m.put("noRuns", runs.isEmpty());
        List<Map<String, Object>> running = running(report);
        m.put("running", running);
        m.put("noneRunning", running.isEmpty());
        m.put("budget", budget(report.path("api_budget")));
        m.put("deadLetters", deadLetters(deadLetters, report.path("dead_letters").asLong()));
        m.put("conflicts", conflicts(report.path("conflicts")));
        m.put("links", report.path("links").asLong());
        m.put("held", held(report.path("held")));
        return m;
    }

    /** Runs the blast-radius guard held, with their effects; null (no section) when there are none. */
    private static Map<String, Object> held(JsonNode held) {
        if (held.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> plans = new ArrayList<>();
        for (JsonNode h : held) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("runId", h.path("run_id").asLong());
            p.put("flow", h.path("flow").asText());
            p.put("status", h.path("status").asText());
            p.put("heldAt", h.path("held_at").asText());
            p.put("linked", h.path("linked").asLong());
            p.put("summary", h.path("summary").asText());
            p.put("next", h.path("next").asText());
            p.put("canDecide", "held".equals(h.path("status").asText()));
            List<Map<String, Object>> effects = new ArrayList<>();
            for (JsonNode g : h.path("effects")) {
                List<String> ids = new ArrayList<>();
                g.path("crm_ids").forEach(id -> ids.add(id.asText()));
                effects.add(Map.of("kind", g.path("kind").asText(), "detail", g.path("detail").asText(),
                        "count", g.path("count").asLong(),
                        "sample", String.join(", ", ids) + (g.path("count").asLong() > ids.size() ? ", ..." : "")));
            }
            p.put("effects", effects);
            plans.add(p);
        }
        return Map.of("plans", plans);
    }

    private static List<Map<String, Object>> flows(JsonNode report, Map<String, String> schedules, Instant now) {
        List<Map<String, Object>> flows = new ArrayList<>();
        report.path("flows").fields().forEachRemaining(e -> {
            JsonNode n = e.getValue();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", e.getKey());
            String cron = schedules.getOrDefault(e.getKey(), "");
            f.put("schedule", cron == null || cron.isBlank() || "off".equalsIgnoreCase(cron.trim()) ? "off" : cron.trim());
            f.put("running", n.path("running").asBoolean() ? "yes" : "no");
            JsonNode c = n.path("checkpoint");
            f.put("position", c.isObject() ? c.path("position").asText() : "(none: the next cycle reads everything)");
            f.put("lag", c.isObject() ? lag(c.path("position").asText(), now) : "");
            JsonNode l = n.path("lease");
            f.put("lease", l.isObject() ? l.path("holder").asText() + " since " + l.path("since").asText()
                    + (l.path("expired").asBoolean() ? " (expired: its process stopped)" : "") : "");
            flows.add(f);
        });
        return flows;
    }

    /**
     * Each flow's open run (this or another process sharing the store) with its live progress as the engine wrote it
     * with its last committed page, and the runs queued behind it.
     */
    private static List<Map<String, Object>> running(JsonNode report) {
        List<Map<String, Object>> running = new ArrayList<>();
        report.path("flows").fields().forEachRemaining(e -> {
            JsonNode r = e.getValue().path("current_run");
            if (!r.isObject()) {
                return;
            }
            JsonNode p = r.path("progress");
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", r.path("run_id").asLong());
            run.put("flow", e.getKey());
            run.put("status", r.path("status").asText());
            run.put("trigger", r.path("trigger").asText("unknown"));
            run.put("startedAt", r.path("started_at").asText(""));
            run.put("pages", p.path("pages").asLong());
            run.put("read", p.path("read").asLong());
            run.put("written", p.path("written").asLong());
            run.put("parked", p.path("parked").asLong());
            run.put("apiCalls", p.path("api_calls").asLong());
            run.put("elapsed", human(Duration.ofMillis(p.path("elapsed_ms").asLong())));
            run.put("expected", p.hasNonNull("expected_total") ? p.path("expected_total").asText() : null);
            run.put("eta", p.hasNonNull("eta_seconds") ? human(Duration.ofSeconds(p.path("eta_seconds").asLong()))
                    : "unknown (no count of what is left)");
            List<Object> queued = new ArrayList<>();
            e.getValue().path("queued_runs").forEach(q -> queued.add(q.asLong()));
            run.put("queued", queued.isEmpty() ? null : queued.toString());
            running.add(run);
        });
        return running;
    }

    private static Map<String, Object> run(JsonNode r, Instant now) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", r.path("id").asLong());
        run.put("flow", r.path("flow").asText());
        run.put("status", r.path("status").asText());
        run.put("startedAt", r.path("started_at").asText(""));
        boolean going = "running".equals(r.path("status").asText());
        run.put("duration", going ? "running for " + lag(r.path("started_at").asText(), now)
                : human(Duration.ofMillis(r.path("duration_ms").asLong())));
        run.put("apiCalls", r.path("api_calls").asLong());
        List<Map<String, Object>> counts = new ArrayList<>();
        r.path("counts").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                counts.add(Map.of("name", e.getKey(), "value", e.getValue().asLong()));
            }
        });
        run.put("counts", counts);
        run.put("error", r.hasNonNull("error") ? r.path("error").asText() : null);
        return run;
    }

    private static Map<String, Object> budget(JsonNode b) {
        if (!b.isObject()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", b.path("day").asText());
        m.put("used", b.path("used").asLong());
        m.put("left", b.path("left").asLong());
        m.put("quota", b.path("daily_quota").asLong());
        m.put("throttled", b.path("throttled").asLong());
        m.put("quotaExceededAt", b.path("quota_exceeded_at").isNull() ? null : b.path("quota_exceeded_at").asText());
        m.put("resetsAt", b.path("resets_at").asText());
        long quota = Math.max(1, b.path("daily_quota").asLong());
        m.put("percent", Math.min(100, b.path("used").asLong() * 100 / quota));
        return m;
    }

    private static Map<String, Object> deadLetters(DeadLetterPage p, long parked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("parked", parked);
        m.put("page", p.page());
        m.put("pages", p.pages());
        m.put("none", p.entries().isEmpty());
        m.put("previous", p.page() > 1 ? p.page() - 1 : null);
        m.put("next", p.page() < p.pages() ? p.page() + 1 : null);
        List<Map<String, Object>> items = new ArrayList<>();
        for (DeadLetterEntry e : p.entries()) {
            DeadLetter d = e.letter();
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("id", e.id());
            i.put("flow", d.flow());
            i.put("record", d.recordKey());
            i.put("kind", d.kind().id());
            i.put("attempts", d.attempts());
            i.put("parkedAt", d.parkedAt() == null ? "" : d.parkedAt().toString());
            i.put("nextTry", DeadLetterActions.nextTry(e));
            i.put("reason", d.reason());
            items.add(i);
        }
        m.put("items", items);
        return m;
    }

    private static Map<String, Object> conflicts(JsonNode c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", c.path("count").asLong());
        List<Map<String, Object>> recent = new ArrayList<>();
        for (JsonNode n : c.path("recent")) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("detectedAt", n.path("detected_at").asText(""));
            i.put("crmId", n.path("crm_id").asText(""));
            i.put("contactId", n.path("contact_id").asText(""));
            i.put("field", n.path("field").asText(""));
            i.put("crmValue", n.path("crm_value").asText(""));
            i.put("ctctValue", n.path("ctct_value").asText(""));
            i.put("winner", n.path("winner").asText(""));
            i.put("policy", n.path("policy").asText(""));
            recent.add(i);
        }
        m.put("recent", recent);
        m.put("none", recent.isEmpty());
        return m;
    }

    /** now − an instant, for people ({@code 3m 12s}); blank when the text is not an instant. */
    static String lag(String instant, Instant now) {
        try {
            Duration d = Duration.between(Instant.parse(instant), now);
            return d.isNegative() ? "0s" : human(d);
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s == 0 && d.toMillis() > 0 ? d.toMillis() + "ms" : s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
