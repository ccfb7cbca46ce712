package io.contactsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.StateStore;

/**
 * Finds a contact's journal by any of its keys (what {@code explain} asks for): a CRM id, an e-mail (it has an
 * {@code @}) or a Constant Contact contact id (a UUID). The other keys are resolved through the links and the
 * journal's own rows, by CRM id and contact id, so the story spans an e-mail change: the old address finds the rows
 * written under it, and their CRM id finds the rest. An e-mail found in a row is not followed further (another
 * record may have used it later).
 */
public final class ContactHistory {

    /** Entries shown when no limit is given. */
    public static final int DEFAULT_LIMIT = 200;
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final int ROUNDS = 4;

    /** What is known of a contact: its keys and its journal, oldest first. */
    public record Story(String key, Set<String> crmIds, Set<String> contactIds, Set<String> emails, List<JournalEntry> entries) {
        public Story {
            crmIds = Set.copyOf(crmIds);
            contactIds = Set.copyOf(contactIds);
            emails = Set.copyOf(emails);
            entries = List.copyOf(entries);
        }
    }

    private ContactHistory() {
    }

    /** What the key names: {@code email}, {@code contact_id} or {@code crm_id}. */
    public static String kindOf(String key) {
        if (key.contains("@")) {
            return "email";
        }
        return UUID.matcher(key).matches() ? "contact_id" : "crm_id";
    }

    /**
     * The contact's story, or empty when neither a link nor a journal entry knows the key.
     *
     * @throws IllegalArgumentException for a blank key or a limit below 1
     */
    public static Optional<Story> find(StateStore state, String rawKey, int limit) {
        if (rawKey == null || rawKey.isBlank()) {
            throw new IllegalArgumentException("key: give a CRM id, an e-mail or a Constant Contact contact id");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be at least 1 (was " + limit + ")");
        }
        String key = rawKey.trim();
        Set<String> crmIds = new LinkedHashSet<>();
        Set<String> contactIds = new LinkedHashSet<>();
        Set<String> emails = new LinkedHashSet<>();
        switch (kindOf(key)) {
            case "email" -> emails.add(key.toLowerCase(Locale.ROOT));
            case "contact_id" -> contactIds.add(key);
            default -> crmIds.add(key);
        }
        List<JournalEntry> entries = List.of();
        boolean linked = false;
        for (int round = 0; round < ROUNDS; round++) {
            int known = crmIds.size() + contactIds.size();
            linked |= addLinks(state.linksByCrmIds(crmIds).values(), crmIds, contactIds, emails);
            linked |= addLinks(state.linksByContactIds(contactIds).values(), crmIds, contactIds, emails);
            if (round == 0) {
                linked |= addLinks(state.linksByEmails(emails).values(), crmIds, contactIds, emails);
            }
            entries = state.journal(crmIds, contactIds, emails, limit);
            for (JournalEntry e : entries) {
                addIfPresent(crmIds, e.crmId());
                addIfPresent(contactIds, e.contactId());
            }
            if (crmIds.size() + contactIds.size() == known && round > 0) {
                break;
            }
        }
        if (!linked && entries.isEmpty()) {
            return Optional.empty();
        }
        List<JournalEntry> all = new ArrayList<>(entries);
        all.forEach(e -> addIfPresent(emails, e.email()));
        return Optional.of(new Story(key, crmIds, contactIds, emails, all));
    }

    private static boolean addLinks(Collection<LinkedContact> links, Set<String> crmIds, Set<String> contactIds, Set<String> emails) {
        for (LinkedContact l : links) {
            addIfPresent(crmIds, l.crmId());
            addIfPresent(contactIds, l.contactId());
            addIfPresent(emails, l.email());
        }
        return !links.isEmpty();
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }
}
