package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsync.admin.DeadLetterActions;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.DeadLetterPage;
import io.contactsync.state.StateStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deadletters list|show|retry|discard}: the records the engine parked, and what an operator does about them.
 * Reads and writes the state store only (no Constant Contact secret needed); the next cycle of the flow acts on a
 * retry. Exit codes: 0 done, 1 unknown id, bad option or a flow that must be idle first, 2 usage.
 */
@Command(name = "deadletters", mixinStandardHelpOptions = true,
        description = "List, show, retry or discard parked records (dead letters).",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ShowCommand.class,
                DeadLettersCommand.RetryCommand.class, DeadLettersCommand.DiscardCommand.class})
public final class DeadLettersCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** What every subcommand does around its action: open the store, turn known failures into exit 1. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        abstract int act(DeadLetterActions actions, PrintWriter out) throws Exception;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (StateStore state = StateConfig.read(config.source()).open()) {
                return act(new DeadLetterActions(state, Clock.systemUTC()), out);
            } catch (DeadLetterActions.NotFound | DeadLetterActions.Busy | IllegalArgumentException e) {
                spec.commandLine().getErr().println("deadletters " + spec.name() + ": " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                spec.commandLine().getErr().flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Parked records, newest first, page by page (reasons name field and rule, never a value).")
    static final class ListCommand extends Base {
        @Option(names = "--flow", paramLabel = "FLOW", description = "crm-to-ctct or ctct-to-crm (default: both).")
        String flow;

        @Option(names = "--page", defaultValue = "1", description = "Page number, from 1 (default: ${DEFAULT-VALUE}).")
        int page;

        @Option(names = "--page-size", defaultValue = "20", description = "Per page, 1 to 500 (default: ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--discarded", description = "Show the discarded ones instead of those still parked.")
        boolean discarded;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        int act(DeadLetterActions actions, PrintWriter out) throws Exception {
            DeadLetterPage p = actions.list(flow, discarded, page, pageSize);
            if (json) {
                out.println(JSON.writeValueAsString(DeadLetterActions.json(p)));
                return 0;
            }
            out.printf("%s dead letters: %d (page %d of %d, %d per page)%n", discarded ? "Discarded" : "Parked",
                    p.total(), p.page(), p.pages(), p.pageSize());
            out.printf("  %-6s %-12s %-24s %-9s %8s  %-24s %-27s %s%n", "id", "flow", "record", "kind", "attempts",
                    "parked at", "next try", "reason");
            for (DeadLetterEntry e : p.entries()) {
                DeadLetter d = e.letter();
                out.printf("  %-6d %-12s %-24s %-9s %8d  %-24s %-27s %s%n", e.id(), d.flow(), d.recordKey(), d.kind().id(),
                        d.attempts(), d.parkedAt(), DeadLetterActions.nextTry(e), d.reason());
            }
            if (p.page() < p.pages()) {
                out.printf("More: deadletters list --page %d%n", p.page() + 1);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter by id.")
    static final class ShowCommand extends Base {
        @Parameters(paramLabel = "ID", description = "The id deadletters list shows.")
        long id;

        @Option(names = "--payload", description = "Also print what was kept of the record (personal data).")
        boolean payload;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        int act(DeadLetterActions actions, PrintWriter out) throws Exception {
            DeadLetterEntry e = actions.show(id, payload);
            if (json) {
                out.println(JSON.writeValueAsString(DeadLetterActions.json(e)));
                return 0;
            }
            JsonNode n = DeadLetterActions.json(e);
            n.fields().forEachRemaining(f -> out.printf("%-16s %s%n", f.getKey() + ":",
                    f.getValue().isNull() ? "" : f.getValue().asText()));
            if (!payload) {
                out.println("(payload not shown: add --payload)");
            }
            return 0;
        }
    }

    /** ID or --all, and --flow with --all. */
    static final class Target {
        @Parameters(paramLabel = "ID", description = "The id deadletters list shows.")
        Long id;

        @Option(names = "--all", required = true, description = "Every parked one (of --flow, if given).")
        boolean all;
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Make it due now with a fresh attempt budget, so the flow's next cycle tries it again.")
    static final class RetryCommand extends Base {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--flow", paramLabel = "FLOW", description = "With --all: crm-to-ctct or ctct-to-crm.")
        String flow;

        @Override
        int act(DeadLetterActions actions, PrintWriter out) {
            requireFlowOnlyWithAll(target, flow);
            DeadLetterActions.Outcome o = target.id != null ? actions.retry(target.id) : actions.retryAll(flow);
            print(out, "Retrying", o);
            return 0;
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Give up on it: kept for the record (list --discarded), never re-driven, not counted.")
    static final class DiscardCommand extends Base {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--flow", paramLabel = "FLOW", description = "With --all: crm-to-ctct or ctct-to-crm.")
        String flow;

        @Override
        int act(DeadLetterActions actions, PrintWriter out) {
            requireFlowOnlyWithAll(target, flow);
            DeadLetterActions.Outcome o = target.id != null ? actions.discard(target.id) : actions.discardAll(flow);
            print(out, "Discarded", o);
            return 0;
        }
    }

    private static void requireFlowOnlyWithAll(Target target, String flow) {
        if (target.id != null && flow != null) {
            throw new IllegalArgumentException("--flow: only with --all (an id names one dead letter already)");
        }
    }

    private static void print(PrintWriter out, String verb, DeadLetterActions.Outcome o) {
        for (DeadLetterEntry e : o.changed()) {
            out.printf("%s %d (%s %s)%n", verb, e.id(), e.letter().flow(), e.letter().recordKey());
        }
        o.notes().forEach(n -> out.println("  " + n));
    }
}
