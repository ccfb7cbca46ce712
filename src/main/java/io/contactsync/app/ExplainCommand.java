package io.contactsync.app;

import java.io.PrintWriter;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsync.admin.ExplainReport;
import io.contactsync.state.StateStore;
import io.contactsync.sync.ContactHistory;
import io.contactsync.sync.JournalSentences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain <crm-id | e-mail | contact-id>}: a contact's history across runs from the journal, in plain sentences
 * (or the JSON of {@code GET /admin/explain}). Reads the state store only, like {@code status}. Exit 0 with the story,
 * 1 when nothing knows the key (or the store cannot be read), 2 for bad usage. The output holds the values the user
 * asked for; nothing of it is logged.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Tell a contact's history across runs (every write, its values before and after, and why) from the journal.")
public final class ExplainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "KEY",
            description = "A CRM id, an e-mail (has an @) or a Constant Contact contact id (a UUID).")
    String key;

    @Option(names = "--json", description = "Print one JSON object (the shape of GET /admin/explain).")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + ContactHistory.DEFAULT_LIMIT,
            description = "Show at most the newest N journal entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateConfig settings = StateConfig.read(config.source());
        try (StateStore state = settings.open()) {
            ContactHistory.Story story = ExplainReport.find(state, key, limit);
            if (json) {
                out.println(JSON.writeValueAsString(ExplainReport.json(story)));
            } else {
                human(out, story);
            }
            return 0;
        } catch (ExplainReport.NotFound | IllegalArgumentException e) {
            err.println("explain: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static void human(PrintWriter out, ContactHistory.Story story) {
        out.printf("Contact %s: CRM id %s, Constant Contact contact %s, e-mail %s%n", story.key(), list(story.crmIds()),
                list(story.contactIds()), list(story.emails()));
        if (story.entries().isEmpty()) {
            out.println("  (linked, but the journal has no write for it yet, or its entries are past sync.journal.retention-days)");
        }
        for (String line : JournalSentences.lines(story.entries())) {
            out.println("  " + line);
        }
    }

    private static String list(java.util.Set<String> values) {
        return values.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(values));
    }
}
