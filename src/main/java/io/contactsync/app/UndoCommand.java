package io.contactsync.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.contactsync.admin.SummaryPrinter;
import io.contactsync.state.JournalEntry;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowPreview;
import io.contactsync.sync.PlanPreview;
import io.contactsync.sync.SyncSummary;
import io.contactsync.sync.UndoPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code undo RUN [--apply]} (docs/safety.md): from the run's journal, each field it wrote goes back to its value
 * before the run, on the side the run wrote, where nobody changed it since. Without {@code --apply} it only shows the
 * writes (a dry run: nothing is written); with it, they go through the same guarded write path as every cycle. It
 * never re-subscribes anyone, revives a deleted contact or deletes a created one: those are listed with the reason.
 * Exit codes: 0 shown or undone, 3 partial, 6 held by the blast-radius guard, 1 unknown run or failed.
 */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = "Show (or with --apply, make) the writes that restore what a run changed and nobody changed since.")
public final class UndoCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run to undo (contact-sync status, explain).")
    long runId;

    @Option(names = "--apply", description = "Make the writes (without it: only show them).")
    boolean apply;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = Engine.start(config.settings(), config.source(), EngineParts.forOneShot())) {
            List<JournalEntry> journal = engine.state().journalOfRun(runId);
            if (journal.isEmpty()) {
                spec.commandLine().getErr().println("undo: run " + runId + " wrote nothing the journal holds (no such run,"
                        + " a run that changed nothing, or its entries are past sync.journal.retention-days)");
                spec.commandLine().getErr().flush();
                return 1;
            }
            Flow flow = Flow.of(journal.get(0).flow());
            UndoPlanner.Request request = new UndoPlanner.Request(runId, byKey(flow, journal));
            List<PlanPreview.Entry> restores = new ArrayList<>();
            FlowPreview preview = engine.runner().previewUndo(flow, request, restores::addAll);
            print(out, flow, restores, preview);
            if (!apply) {
                out.println("Nothing was written. Run `contact-sync undo " + runId + " --apply` to make these writes.");
                out.flush();
                return 0;
            }
            if (restores.isEmpty()) {
                out.println("Nothing to restore.");
                out.flush();
                return 0;
            }
            SyncSummary s = engine.runner().undo(flow, request);
            return SummaryPrinter.print(out, List.of(s), false);
        }
    }

    private Map<String, List<JournalEntry>> byKey(Flow flow, List<JournalEntry> journal) {
        Map<String, List<JournalEntry>> byKey = new LinkedHashMap<>();
        for (JournalEntry e : journal) {
            String key = flow == Flow.CRM_TO_CTCT ? e.crmId() : e.contactId();
            if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
        }
        return byKey;
    }

    /** The restores with their values (the operator asked for them; never logged), then what is skipped, grouped. */
    private void print(PrintWriter out, Flow flow, List<PlanPreview.Entry> restores, FlowPreview preview) {
        String side = flow == Flow.CRM_TO_CTCT ? "Constant Contact" : "the CRM";
        out.printf("undo of run %d (%s): %d contact(s) to restore in %s (reading them cost %d requests; the undo reads them"
                + " again)%n", runId, flow.id(), restores.size(), side, preview.readCalls());
        for (PlanPreview.Entry e : restores) {
            List<String> fields = new ArrayList<>();
            e.fields().forEach(f -> fields.add(f.field() + " '" + (f.before() == null ? "" : f.before()) + "' -> '" + f.after() + "'"));
            out.printf("  CRM %s / contact %s: %s%n", e.crmId(), e.contactId(), String.join(", ", fields));
        }
        if (!preview.held().isEmpty()) {
            out.printf("  the blast-radius guard would hold it: %s%n", String.join("; ", preview.held()));
        }
        Map<String, List<String>> skipped = new TreeMap<>();
        for (String note : preview.notes()) {
            int colon = note.indexOf(": ");
            String who = colon < 0 ? note : note.substring(0, colon);
            String why = colon < 0 ? "" : note.substring(colon + 2);
            for (String reason : why.split("; ")) {
                skipped.computeIfAbsent(reason, k -> new ArrayList<>()).add(who);
            }
        }
        skipped.forEach((why, who) -> out.printf("  not restored, %d: %s (%s%s)%n", who.size(), why,
                String.join(", ", who.subList(0, Math.min(10, who.size()))), who.size() > 10 ? ", ..." : ""));
        out.flush();
    }
}
