package io.contactsync.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.contactsync.admin.SummaryPrinter;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.PlanChangedException;
import io.contactsync.sync.PlanPreview;
import io.contactsync.sync.SyncSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apply PLAN}: executes a dry run's plan file and nothing else (docs/safety.md). Each flow of the plan
 * (ctct-to-crm first, as in a two-way cycle) reads only the plan's records, plans them afresh and refuses, writing
 * nothing, when any of them changed on either side since the plan (exit 7, naming the records); otherwise it writes
 * them through the same guarded write path as every cycle, without moving the checkpoint. Exit codes as {@code sync}
 * (0, 3 partial, 6 held), 7 refused, 1 failed or unreadable plan.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply a plan made by sync --dry-run, exactly: refused (exit 7) if a planned record changed since.")
public final class ApplyCommand implements Callable<Integer> {

    /** Exit code when a planned record changed since the plan was made: nothing was written. */
    public static final int EXIT_PLAN_CHANGED = 7;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file sync --dry-run wrote.")
    Path plan;

    @Option(names = "--json", description = "Print one JSON object instead of the readable summary.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<Flow, Map<String, PlanPreview.Entry>> byFlow = read(plan);
        if (byFlow.values().stream().allMatch(Map::isEmpty)) {
            spec.commandLine().getOut().println("apply: the plan " + plan + " has nothing to write.");
            spec.commandLine().getOut().flush();
            return 0;
        }
        List<SyncSummary> summaries = new ArrayList<>();
        try (Engine engine = Engine.start(config.settings(), config.source(), EngineParts.forOneShot())) {
            for (Flow f : Flow.bothInSafeOrder()) {
                Map<String, PlanPreview.Entry> entries = byFlow.get(f);
                if (!entries.isEmpty()) {
                    SyncSummary s = engine.runner().apply(f, entries);
                    summaries.add(s);
                    if (s.status() == RunStatus.FAILED || s.status() == RunStatus.HELD) {
                        break;
                    }
                }
            }
        }
        int code = SummaryPrinter.print(spec.commandLine().getOut(), summaries, json);
        boolean refused = summaries.stream().anyMatch(s -> s.error() != null && s.error().startsWith(PlanChangedException.PREFIX));
        return refused ? EXIT_PLAN_CHANGED : code;
    }

    /** The plan's entries per flow, keyed as the flows look them up (crm-to-ctct: CRM id; ctct-to-crm: contact id). */
    static Map<Flow, Map<String, PlanPreview.Entry>> read(Path plan) throws java.io.IOException {
        if (!Files.isRegularFile(plan)) {
            throw new IllegalArgumentException("plan " + plan + ": no such file (sync --dry-run --plan FILE writes one)");
        }
        JsonNode root = JSON.readTree(plan.toFile());
        if (root.path("format").asInt() != DryRun.FORMAT || !root.path("entries").isArray()) {
            throw new IllegalArgumentException("plan " + plan + ": not a contact-sync plan of format " + DryRun.FORMAT);
        }
        Map<Flow, Map<String, PlanPreview.Entry>> byFlow = new LinkedHashMap<>();
        for (Flow f : Flow.values()) {
            byFlow.put(f, new LinkedHashMap<>());
        }
        int i = 0;
        for (JsonNode n : root.path("entries")) {
            PlanPreview.Entry e = JSON.treeToValue(n, PlanPreview.Entry.class);
            Flow f;
            try {
                f = Flow.of(e.flow());
            } catch (RuntimeException bad) {
                throw new IllegalArgumentException("plan " + plan + ": entry " + i + " names no flow: " + e.flow());
            }
            String key = f == Flow.CRM_TO_CTCT ? e.crmId() : e.contactId();
            if (key == null) {
                throw new IllegalArgumentException("plan " + plan + ": entry " + i + " of " + f.id() + " has no record key");
            }
            byFlow.get(f).put(key, e);
            i++;
        }
        return byFlow;
    }
}
