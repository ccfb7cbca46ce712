package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.admin.Flows;
import io.contactsync.admin.StatusReport;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code status}: what the state store knows (checkpoints, last runs, conflicts, dead letters, links), as a table
 * or the JSON of {@code GET /admin/status}, with each run's error text and the first parked records. Reads the
 * state store only (no Camel, no API call, no Constant Contact secret needed). A flow counts as
 * running while a process holds its lease (renewed within {@code sync.lease.ttl}); a run whose process died shows
 * as {@code abandoned} once the next run took the lease over.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show checkpoints, recent runs, conflicts and dead letters from the state store.")
public final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print one JSON object (the shape of GET /admin/status).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // The state store's keys only: status needs no Constant Contact secret, no CRM, no mapping.
        StateConfig settings = StateConfig.read(config.source());
        ObjectNode report;
        try (StateStore state = settings.open()) {
            Instant now = Instant.now();
            // Running = a live lease: held by a process that renewed it within the ttl (an expired one is a crash).
            report = StatusReport.build(state, f -> state.lease(f.id()).filter(l -> !l.expiredAt(now)).isPresent(),
                    settings.budgetOrNull(), now);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(report));
        } else {
            human(out, report);
        }
        out.flush();
        return 0;
    }

    /** Runs the blast-radius guard held: what each would do, and what to type (docs/safety.md). */
    static void held(PrintWriter out, JsonNode held) {
        if (held.isEmpty()) {
            return;
        }
        out.println("Held by the blast-radius guard (nothing of these was written)");
        for (JsonNode h : held) {
            out.printf("  run %d (%s) %s at %s, %d linked contacts: %s%n", h.path("run_id").asLong(), h.path("flow").asText(),
                    h.path("status").asText(), h.path("held_at").asText(), h.path("linked").asLong(), h.path("summary").asText());
            for (JsonNode g : h.path("effects")) {
                List<String> ids = new ArrayList<>();
                g.path("crm_ids").forEach(id -> ids.add(id.asText()));
                out.printf("    %-14s %-24s %7d  e.g. CRM %s%s%n", g.path("kind").asText(), g.path("detail").asText(),
                        g.path("count").asLong(), String.join(", ", ids), g.path("count").asLong() > ids.size() ? ", ..." : "");
            }
            out.printf("    -> %s%n", h.path("next").asText());
        }
        out.println();
    }

    private static void human(PrintWriter out, JsonNode r) {
        out.println("Checkpoints");
        out.printf("  %-12s %-8s %-30s %-30s %s%n", "flow", "running", "position", "saved at", "lease");
        for (Flow f : Flows.order()) {
            JsonNode n = r.path("flows").path(f.id());
            JsonNode c = n.path("checkpoint");
            JsonNode l = n.path("lease");
            String lease = !l.isObject() ? "" : l.path("holder").asText() + " since " + l.path("since").asText()
                    + (l.path("expired").asBoolean() ? " (expired: its process stopped)" : "");
            out.printf("  %-12s %-8s %-30s %-30s %s%n", f.id(), n.path("running").asBoolean() ? "yes" : "no",
                    c.isObject() ? c.path("position").asText() : "(none)", c.isObject() ? c.path("saved_at").asText() : "",
                    lease);
        }
        out.println();
        held(out, r.path("held"));
        out.println("Last runs");
        out.printf("  %-6s %-12s %-10s %-30s %9s %9s  %s%n", "id", "flow", "status", "started at", "ms", "api calls", "counts");
        for (JsonNode run : r.path("runs")) {
            StringBuilder counts = new StringBuilder();
            run.path("counts").fields().forEachRemaining(e -> {
                if (e.getValue().asLong() != 0) {
                    counts.append(e.getKey()).append('=').append(e.getValue().asLong()).append(' ');
                }
            });
            out.printf("  %-6d %-12s %-10s %-30s %9d %9d  %s%n", run.path("id").asLong(), run.path("flow").asText(),
                    run.path("status").asText(), run.path("started_at").asText(), run.path("duration_ms").asLong(),
                    run.path("api_calls").asLong(), counts.toString().trim());
            if (run.hasNonNull("error")) {
                // The whole error text: it names what failed (it never holds a secret or a field value).
                out.printf("         error: %s%n", run.path("error").asText());
            }
        }
        if (r.path("runs").isEmpty()) {
            out.println("  (none yet)");
        }
        out.println();
        JsonNode b = r.path("api_budget");
        if (b.isObject()) {
            out.printf("API requests today (%s UTC, every process): %d used, %d left of %d; %d throttled%s; resets %s%n",
                    b.path("day").asText(), b.path("used").asLong(), b.path("left").asLong(), b.path("daily_quota").asLong(),
                    b.path("throttled").asLong(), b.path("quota_exceeded_at").isNull() ? ""
                            : "; quota exceeded at " + b.path("quota_exceeded_at").asText(), b.path("resets_at").asText());
        }
        out.printf("Conflicts: %d   Dead letters: %d   Links: %d%n", r.path("conflicts").path("count").asLong(),
                r.path("dead_letters").asLong(), r.path("links").asLong());
        if (!r.path("parked").isEmpty()) {
            out.printf("Parked records (%d of %d shown, most recent first of each flow; all of them: contact-sync"
                    + " deadletters list)%n", r.path("parked").size(), r.path("dead_letters").asLong());
            out.printf("  %-6s %-12s %-24s %-9s %8s  %-22s %s%n", "id", "flow", "record", "kind", "attempts", "next try",
                    "reason");
            for (JsonNode d : r.path("parked")) {
                String next = d.path("next_attempt_at").isNull() ? "never (fix the record)" : d.path("next_attempt_at").asText();
                if (d.path("next_attempt_at").isNull() && "transient".equals(d.path("kind").asText())) {
                    next = "never (out of attempts)";
                }
                out.printf("  %-6d %-12s %-24s %-9s %8d  %-22s %s%n", d.path("id").asLong(), d.path("flow").asText(),
                        d.path("record").asText(),
                        d.path("kind").asText(), d.path("attempts").asLong(), next, d.path("reason").asText());
            }
        }
        for (JsonNode c : r.path("conflicts").path("recent")) {
            out.printf("  %s %s/%s %s: crm=%s ctct=%s -> %s (%s)%n", c.path("detected_at").asText(), c.path("crm_id").asText(),
                    c.path("contact_id").asText(), c.path("field").asText(), c.path("crm_value").asText(),
                    c.path("ctct_value").asText(), c.path("winner").asText(), c.path("policy").asText());
        }
    }
}
