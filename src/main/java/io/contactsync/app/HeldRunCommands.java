package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsync.admin.HeldRuns;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code approve RUN} and {@code reject RUN}: decide about a run the blast-radius guard held (docs/safety.md). Writes
 * the decision to the state store only; the next cycle of the run's flow (scheduled, or {@code sync}) applies it:
 * an approved plan's effects go through exactly, a rejected plan's records are parked with the reason. Exit codes: 0
 * decided, 1 no such held plan or decided already, 2 usage.
 */
public final class HeldRunCommands {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HeldRunCommands() {
    }

    abstract static class Decide implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "RUN", description = "The held run's id (contact-sync status lists them).")
        long runId;

        @Option(names = "--json", description = "Print the decided plan as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        abstract HeldPlan decide(HeldRuns runs, long runId, String by);

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (StateStore state = StateConfig.read(config.source()).open()) {
                HeldPlan p = decide(new HeldRuns(state, Clock.systemUTC()), runId, "cli:" + System.getProperty("user.name", "?"));
                if (json) {
                    out.println(JSON.writeValueAsString(HeldRuns.json(p)));
                } else {
                    out.printf("run %d (%s) %s: %s%n", p.runId(), p.flow(), p.status().id(), p.summary());
                    out.printf("%s (contact-sync sync, or the next scheduled run).%n", capitalised(HeldRuns.next(p)));
                }
                return 0;
            } catch (HeldRuns.NotDecidable e) {
                spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                spec.commandLine().getErr().flush();
            }
        }

        private static String capitalised(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Let a run the blast-radius guard held proceed: its next cycle writes exactly the held plan's effects.")
    public static final class Approve extends Decide {
        @Override
        HeldPlan decide(HeldRuns runs, long runId, String by) {
            return runs.approve(runId, by);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Drop a run the blast-radius guard held: its next cycle parks the records of the held plan.")
    public static final class Reject extends Decide {
        @Override
        HeldPlan decide(HeldRuns runs, long runId, String by) {
            return runs.reject(runId, by);
        }
    }
}
