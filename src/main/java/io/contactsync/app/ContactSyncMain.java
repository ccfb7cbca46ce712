package io.contactsync.app;

import io.contactsync.state.JdbcStateStore;
import io.contactsync.sync.FlowBusyException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar contact-sync.jar <command>}. Only wires the command line;
 * every command lives beside it in {@code app}.
 */
@Command(name = "contact-sync",
        mixinStandardHelpOptions = true,
        versionProvider = ContactSyncMain.Version.class,
        description = "Two-way contact sync between a CRM and Constant Contact.",
        subcommands = {DemoCommand.class, BenchCommand.class, SandboxCommand.class, DemoCrmCommand.class, AuthorizeCommand.class, SyncCommand.class, ValidateCommand.class,
                RunCommand.class, ResyncCommand.class, StatusCommand.class, ExplainCommand.class, DeadLettersCommand.class,
                HeldRunCommands.Approve.class, HeldRunCommands.Reject.class, ApplyCommand.class, ProbeCommand.class, CommandLine.HelpCommand.class})
public final class ContactSyncMain implements Runnable {

    /** Exit code of {@code sync} and {@code resync} when another run (this or another process) holds a flow. */
    public static final int EXIT_BUSY = 4;

    /**
     * Exit code of {@code sync} and {@code resync} told to stop (SIGTERM, Ctrl-C): the page in flight was committed,
     * the run ended {@code stopped}, and the next run continues from the checkpoint.
     */
    public static final int EXIT_STOPPED = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before any H2 class loads: H2 reads its bind address once (the state store's AUTO_SERVER port).
        JdbcStateStore.keepH2OnLoopback();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (2 for usage errors), without exiting. */
    public static int execute(String... args) {
        return new CommandLine(new ContactSyncMain())
                .setExecutionExceptionHandler(ContactSyncMain::report)
                .execute(args);
    }

    /**
     * A failed command prints one clear message (configuration and mapping problems list every item) and exits 1 (4 when a flow is busy: another run holds its lease);
     * the stack trace only when CONTACTSYNC_LOG_LEVEL=DEBUG.
     */
    private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error: " + e.getMessage());
        if ("DEBUG".equalsIgnoreCase(System.getenv("CONTACTSYNC_LOG_LEVEL"))) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return e instanceof FlowBusyException ? EXIT_BUSY : 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of the commands below.");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ContactSyncMain.class.getPackage().getImplementationVersion();
            return new String[] {"contact-sync " + (v == null ? "dev" : v)};
        }
    }
}
