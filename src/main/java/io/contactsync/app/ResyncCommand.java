package io.contactsync.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.contactsync.admin.Flows;
import io.contactsync.admin.ResyncMode;
import io.contactsync.admin.SummaryPrinter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.SyncSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resync}: moves the checkpoint(s) back ({@code --full} removes them, {@code --since} sets them), then runs
 * one cycle per flow in-process, like {@code sync}. Re-reading is safe: snapshots turn known records into no-ops.
 */
@Command(name = "resync", mixinStandardHelpOptions = true,
        description = "Reset the checkpoint(s) and run one cycle now (0 = success, 1 = a cycle failed or stopped, 2 = usage,"
                + " 4 = the flow is already running elsewhere, 5 = stopped by SIGTERM/Ctrl-C after committing the page"
                + " in flight).")
public final class ResyncCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--full", required = true, description = "Forget the checkpoint: re-read everything.")
        boolean full;

        @Option(names = "--since", required = true, paramLabel = "ISO-8601",
                description = "Re-read changes after this instant of the source's clock, e.g. 2024-05-01T00:00:00Z.")
        String since;
    }

    @Option(names = "--direction", paramLabel = "DIRECTION", defaultValue = Flows.BOTH,
            description = "crm-to-ctct, ctct-to-crm or both (default; configured flows in their safe order).")
    String direction;

    @Option(names = "--json", description = "Print one JSON object instead of the readable summary.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ResyncMode reset = resetMode();
        List<Flow> flows = DirectionOption.parse(spec.commandLine(), direction);
        List<SyncSummary> summaries = new ArrayList<>();
        boolean stopped;
        try (Engine engine = Engine.start(config.settings(), config.source(), EngineParts.forOneShot())) {
            List<Flow> configured = flows.stream().filter(engine.runner()::has).toList();
            if (configured.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--direction: flow " + flows.get(0).id() + " is not configured");
            }
            StopSignals.install(engine.runner()::requestStop);
            for (Flow f : configured) {
                if (engine.runner().stopRequested()) {
                    break;
                }
                summaries.add(engine.runner().run(f,
                        () -> engine.state().resetCheckpoint(f.id(), reset.checkpoint(f, Clock.systemUTC())), "cli"));
            }
            stopped = engine.runner().stopRequested();
        } catch (FlowBusyException busy) {
            // The busy flow's checkpoint was not touched; show what did run, then exit 4.
            if (!summaries.isEmpty()) {
                SummaryPrinter.print(spec.commandLine().getOut(), summaries, json);
            }
            spec.commandLine().getErr().println("error: " + busy.getMessage());
            spec.commandLine().getErr().flush();
            return ContactSyncMain.EXIT_BUSY;
        }
        return SyncCommand.stopCode(stopped, summaries, SummaryPrinter.print(spec.commandLine().getOut(), summaries, json));
    }

    private ResyncMode resetMode() {
        if (mode.full) {
            return ResyncMode.full();
        }
        try {
            return ResyncMode.since(ResyncMode.parseInstant(mode.since, Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
        }
    }
}
