package io.contactsync.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.contactsync.admin.StatusReport;
import io.contactsync.admin.SummaryPrinter;
import io.contactsync.config.SyncSettings;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.SyncSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sync}: one cycle now, then exit. Exit code 0 when every cycle succeeded, 3 partial, 1 otherwise, 4 when a
 * flow is busy (another run, in any process sharing the state store, holds its lease), 5 when told to stop
 * (SIGTERM, Ctrl-C): the page in flight is committed, the run ends {@code stopped}, flows not started yet are
 * skipped, and the next {@code sync} continues from the checkpoint. On a terminal (and without {@code --json}) a
 * progress line per flow is drawn on stderr; otherwise each committed page is logged at INFO.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Run one sync cycle now and exit (0 = success, 1 = a cycle failed or stopped, 2 = usage, 3 = partial,"
                + " 4 = the flow is already running elsewhere, 5 = stopped by SIGTERM/Ctrl-C after committing the page"
                + " in flight).")
public final class SyncCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--direction", paramLabel = "DIRECTION", defaultValue = "both",
            description = "both (default: ctct-to-crm, then crm-to-ctct), crm-to-ctct or ctct-to-crm.")
    String direction;

    @Option(names = "--json", description = "Print one JSON object instead of the readable summary.")
    boolean json;

    @Option(names = "--dry-run", description = "Read, map and plan only: write nothing anywhere, and put every planned"
            + " write (values before and after, lists, consent, conflicts, estimated requests) in the plan file.")
    boolean dryRun;

    @Option(names = "--plan", paramLabel = "FILE", defaultValue = "contact-sync-plan.json",
            description = "Where --dry-run writes its plan (default: ${DEFAULT-VALUE}; owner-only, it holds values).")
    Path planFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Flow> flows = DirectionOption.parse(spec.commandLine(), direction);
        SyncSettings settings = config.settings();
        List<SyncSummary> summaries = new ArrayList<>();
        boolean stopped;
        if (dryRun) {
            try (Engine engine = Engine.start(settings, config.source(), EngineParts.forOneShot())) {
                StatusReport.Budget budget = new StatusReport.Budget(settings.ctct().clientId(), settings.ctct().dailyQuota());
                return DryRun.run(engine.runner(), engine.state(), budget, flows, planFile, spec.commandLine().getOut());
            }
        }
        try (Engine engine = Engine.start(settings, config.source(), EngineParts.forOneShot())) {
            FlowRunner runner = engine.runner();
            StopSignals.install(runner::requestStop);
            ProgressPrinter progress = null;
            if (System.console() != null && !json) {
                progress = new ProgressPrinter(spec.commandLine().getErr());
                runner.logPages(false);
                runner.addListener(progress);
            }
            try {
                for (Flow f : flows) {
                    if (runner.stopRequested()) {
                        break;
                    }
                    try {
                        summaries.add(runner.run(f, () -> { }, "cli"));
                    } finally {
                        if (progress != null) {
                            progress.end();
                        }
                    }
                }
            } finally {
                stopped = runner.stopRequested();
            }
        } catch (FlowBusyException busy) {
            // Another run holds the flow (here or in another process): show what did run, then exit 4.
            if (!summaries.isEmpty()) {
                SummaryPrinter.print(spec.commandLine().getOut(), summaries, json);
            }
            spec.commandLine().getErr().println("error: " + busy.getMessage());
            spec.commandLine().getErr().flush();
            return ContactSyncMain.EXIT_BUSY;
        }
        return stopCode(stopped, summaries, SummaryPrinter.print(spec.commandLine().getOut(), summaries, json));
    }

    /** Told to stop, and a run ended {@code stopped} or a flow was skipped: 5, unless a run failed (1). */
    static int stopCode(boolean stopRequested, List<SyncSummary> summaries, int code) {
        if (!stopRequested || summaries.stream().anyMatch(s -> s.status() == RunStatus.FAILED)) {
            return code;
        }
        return ContactSyncMain.EXIT_STOPPED;
    }
}
