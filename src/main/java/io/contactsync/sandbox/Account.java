package io.contactsync.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one Constant Contact account a sandbox emulates. Not thread-safe by itself: every caller holds the monitor of
 * this object ({@code synchronized (account)}) for the whole of one logical operation, which keeps each request
 * atomic. Changes are recorded as dirty document keys so the store can persist them outside the lock.
 */
final class Account {
    /** Persisted document kinds. */
    static final String CONTACT = "contact";
    static final String LIST = "list";
    static final String FIELD = "custom_field";
    static final String TAG = "tag";
    static final String ACTIVITY = "activity";
    static final String EXPORT = "export";

    /** A changed document: kind and id. */
    record DocKey(String kind, String id) {
    }

    /** By contact id; their order is {@link #bySeq}'s (a plain hash map: an ordered one costs 8 bytes a contact more). */
    final Map<String, Contact> contacts = new HashMap<>();
    final Map<String, Contact> byEmail = new HashMap<>();
    /** Contacts in their stable order (insertion sequence): the keyset of GET /contacts cursors. */
    final SeqIndex bySeq = new SeqIndex();
    /** Equal values shared among contacts (see {@link #compact}). */
    private final StringPool pool = new StringPool();
    final Map<String, ContactList> lists = new LinkedHashMap<>();
    final Map<String, CustomField> fields = new LinkedHashMap<>();
    final Map<String, Tag> tags = new LinkedHashMap<>();
    final Map<String, Activity> activities = new LinkedHashMap<>();
    /** Export activity id → the name of its CSV file in {@link #exportFiles}. */
    final Map<String, String> exports = new HashMap<>();
    final ExportFiles exportFiles = new ExportFiles();
    private long seq;
    private final Set<DocKey> dirty = new LinkedHashSet<>();
    /** False for a sandbox without a data directory: nothing drains the changes, so none are recorded. */
    private boolean tracking = true;
    private boolean wiped;

    long nextSeq() {
        return ++seq;
    }

    long seq() {
        return seq;
    }

    void restoreSeq(long value) {
        seq = Math.max(seq, value);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String emailKey(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    Optional<Contact> contactByEmail(String email) {
        return Optional.ofNullable(byEmail.get(emailKey(email)));
    }

    void putContact(Contact c) {
        Contact previous = contacts.put(c.contactId, c);
        if (previous != null && previous.email != null && byEmail.get(emailKey(previous.email)) == previous) {
            byEmail.remove(emailKey(previous.email));
        }
        if (c.email != null) {
            byEmail.put(emailKey(c.email), c);
        }
        bySeq.put(c);
        touch(CONTACT, c.contactId);
    }

    /** Re-indexes a contact whose e-mail changed from {@code oldEmail}. */
    void reindexEmail(Contact c, String oldEmail) {
        if (oldEmail != null && byEmail.get(emailKey(oldEmail)) == c) {
            byEmail.remove(emailKey(oldEmail));
        }
        if (c.email != null) {
            byEmail.put(emailKey(c.email), c);
        }
    }

    /** Records that a document changed and must be persisted. */
    void touch(String kind, String id) {
        if (tracking) {
            dirty.add(new DocKey(kind, id));
        }
        if (CONTACT.equals(kind)) {
            Contact c = contacts.get(id);
            if (c != null) {
                compact(c);
            }
        }
    }

    /**
     * Puts a changed contact in its compact form, so 1,000,000 contacts fit the sandbox's 2 GB heap: collections as
     * exactly-sized arrays and repeated values (sources, kinds, ids, cities, an import's timestamp) shared through the
     * pool. Every change to a stored contact ends in {@link #putContact} or {@link #touch}, which call this.
     */
    void compact(Contact c) {
        c.compact(pool);
    }

    /**
     * Stops recording changed documents: an in-memory sandbox has no store to drain them, and at 1,000,000
     * contacts the set of their keys alone took about 90 MB.
     */
    void stopTrackingChanges() {
        tracking = false;
        dirty.clear();
    }

    /** Empties the account (control API reset). */
    void wipe() {
        contacts.clear();
        byEmail.clear();
        bySeq.clear();
        lists.clear();
        fields.clear();
        tags.clear();
        activities.clear();
        exports.clear();
        exportFiles.deleteAll();
        pool.clear();
        dirty.clear();
        wiped = true;
    }

    /** Hands the pending changes to the store: whether everything was wiped first, then the changed keys. */
    record Changes(boolean wiped, List<DocKey> keys) {
    }

    Changes drainChanges() {
        Changes changes = new Changes(wiped, new ArrayList<>(dirty));
        dirty.clear();
        wiped = false;
        return changes;
    }

    /** Activities that are not in a final state (the 1,000 queue cap counts these). */
    long queuedActivities() {
        return activities.values().stream().filter(a -> !a.isFinal()).count();
    }
}
