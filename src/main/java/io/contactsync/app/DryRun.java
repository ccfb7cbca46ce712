package io.contactsync.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.contactsync.admin.StatusReport;
import io.contactsync.state.ApiUsage;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowPreview;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.PlanPreview;

/**
 * {@code sync --dry-run}: each flow's read, map and plan, with every planned write streamed to the plan file (JSON:
 * {@code entries} per contact with values before and after, then {@code flows} with counts, the guard's verdict and
 * the estimated requests, then today's request budget). Nothing is written to the CRM, Constant Contact or the
 * state store. The file holds personal data (values), like the state store: it is created owner-only.
 */
final class DryRun {

    /** Version of the plan file's layout. */
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private DryRun() {
    }

    static int run(FlowRunner runner, StateStore state, StatusReport.Budget budget, List<Flow> flows, Path planFile,
                   PrintWriter out) throws IOException {
        Path dir = planFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".plan-", ".json.partial");
        List<FlowPreview> previews = new ArrayList<>();
        try {
            try (OutputStream file = Files.newOutputStream(partial);
                 JsonGenerator g = JSON.getFactory().createGenerator(file, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("format", FORMAT);
                g.writeStringField("created_at", Instant.now().toString());
                g.writeArrayFieldStart("entries");
                for (Flow f : flows) {
                    previews.add(runner.preview(f, entries -> write(g, entries)));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("flows");
                for (FlowPreview p : previews) {
                    g.writeObject(p.summary());
                }
                g.writeEndArray();
                if (budget != null) {
                    ApiUsage usage = state.apiUsage(budget.clientId(), LocalDate.now(ZoneOffset.UTC));
                    long estimated = previews.stream().mapToLong(p -> p.estimatedCalls() + p.readCalls()).sum();
                    g.writeObjectFieldStart("budget");
                    g.writeNumberField("daily_quota", budget.dailyQuota());
                    g.writeNumberField("used_today", usage.used());
                    g.writeNumberField("left_today", Math.max(0, budget.dailyQuota() - usage.used()));
                    g.writeNumberField("estimated_calls", estimated);
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            Files.move(partial, planFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        print(out, previews, planFile);
        return 0;
    }

    private static void write(JsonGenerator g, List<PlanPreview.Entry> entries) {
        try {
            for (PlanPreview.Entry e : entries) {
                g.writeObject(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts and verdicts only: the values are in the file. */
    private static void print(PrintWriter out, List<FlowPreview> previews, Path planFile) {
        for (FlowPreview p : previews) {
            out.printf("%s (dry run): %d contacts to write, %d unchanged, %d would be parked; about %d requests to"
                            + " write (the dry run spent %d reading)%n", p.flow().id(), p.planned(), p.unchanged(), p.parked(),
                    p.estimatedCalls(), p.readCalls());
            if (!p.held().isEmpty()) {
                out.printf("  the blast-radius guard would hold it: %s%n", String.join("; ", p.held()));
            }
            p.notes().forEach(n -> out.printf("  %s%n", n));
        }
        out.printf("Nothing was written. The plan, with every value before and after: %s%n", planFile.toAbsolutePath());
        out.flush();
    }
}
