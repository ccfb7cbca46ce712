package io.contactsync.admin;

import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.StateStore;
import io.contactsync.sync.ContactHistory;
import io.contactsync.sync.JournalSentences;

/**
 * What {@code explain} answers (CLI {@code --json}, {@code GET /admin/explain}, the status page): a contact's keys,
 * its story run by run in sentences, and the journal entries behind it. Holds personal data (values, e-mails): it is
 * shown to whoever asked, never logged.
 */
public final class ExplainReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** No link and no journal entry knows the key. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private ExplainReport() {
    }

    /**
     * The story of the contact {@code key} names.
     *
     * @throws NotFound                 when nothing knows the key
     * @throws IllegalArgumentException for a blank key or a limit below 1
     */
    public static ContactHistory.Story find(StateStore state, String key, int limit) {
        Optional<ContactHistory.Story> story = ContactHistory.find(state, key, limit);
        return story.orElseThrow(() -> new NotFound(notFound(key)));
    }

    /** The message for a key nothing knows, naming what the key was taken for. */
    public static String notFound(String key) {
        String k = key == null ? "" : key.trim();
        String kind = switch (ContactHistory.kindOf(k)) {
            case "email" -> "e-mail";
            case "contact_id" -> "Constant Contact contact id";
            default -> "CRM id";
        };
        return "no contact known by " + kind + " '" + k + "': no link and no journal entry names it (entries older than"
                + " sync.journal.retention-days are gone)";
    }

    public static ObjectNode json(ContactHistory.Story story) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", story.key());
        root.put("kind", ContactHistory.kindOf(story.key()));
        ArrayNode crm = root.putArray("crm_ids");
        new TreeSet<>(story.crmIds()).forEach(crm::add);
        ArrayNode contacts = root.putArray("contact_ids");
        new TreeSet<>(story.contactIds()).forEach(contacts::add);
        ArrayNode emails = root.putArray("emails");
        new TreeSet<>(story.emails()).forEach(emails::add);
        ArrayNode runs = root.putArray("runs");
        ArrayNode sentences = root.putArray("sentences");
        for (JournalSentences.RunStory r : JournalSentences.runs(story.entries())) {
            ObjectNode run = runs.addObject();
            if (r.runId() == null) {
                run.putNull("run_id");
            } else {
                run.put("run_id", r.runId());
            }
            run.put("flow", r.flow());
            run.put("at", r.at() == null ? null : r.at().toString());
            ArrayNode s = run.putArray("sentences");
            r.sentences().forEach(s::add);
            run.put("line", r.line());
            sentences.add(r.line());
        }
        ArrayNode entries = root.putArray("entries");
        for (JournalEntry e : story.entries()) {
            ObjectNode n = entries.addObject();
            n.put("id", e.id());
            if (e.runId() == null) {
                n.putNull("run_id");
            } else {
                n.put("run_id", e.runId());
            }
            n.put("flow", e.flow());
            n.put("at", e.at() == null ? null : e.at().toString());
            n.put("crm_id", e.crmId());
            n.put("contact_id", e.contactId());
            n.put("email", e.email());
            n.put("field", e.field());
            n.put("before", e.before());
            n.put("after", e.after());
            n.put("why", e.why());
            n.put("detail", e.detail());
        }
        return root;
    }
}
