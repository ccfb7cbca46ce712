package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmConnector;
import io.contactsync.mapping.ConflictPolicy;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Decides what a Constant Contact change means for the CRM, by a field-level three-way merge against the
 * last-synced snapshot: a field only Constant Contact changed is written to the CRM; a field only the CRM changed
 * is left for {@code crm-to-ctct}; a field both changed to different values follows the mapping's policy
 * ({@code newest} by each side's {@code updated_at}, {@code crm} or {@code ctct}) and is recorded as a conflict.
 * Pure: no I/O.
 *
 * <p>The new snapshot holds, per field, the value Constant Contact has now. So when the CRM wins, its value still
 * differs from the snapshot and {@code crm-to-ctct} pushes it; when Constant Contact wins, the CRM is written and
 * both sides equal the snapshot. An unsubscribe in Constant Contact reaches the CRM; nothing here ever asks
 * Constant Contact to subscribe anyone.
 */
public final class CtctChangePlanner {

    /** What the CRM needs for one Constant Contact contact. {@code crmId} null means: create the CRM record. */
    public record Plan(String contactId, String crmId, String email, Map<String, String> crmWrites,
                       Map<String, String> snapshot, List<ConflictRecord> conflicts, boolean delete, boolean optOut,
                       Instant ctctUpdatedAt, Instant crmUpdatedAt, boolean revive) {

        public Plan(String contactId, String crmId, String email, Map<String, String> crmWrites, Map<String, String> snapshot,
                    List<ConflictRecord> conflicts, boolean delete, boolean optOut, Instant ctctUpdatedAt,
                    Instant crmUpdatedAt) {
            this(contactId, crmId, email, crmWrites, snapshot, conflicts, delete, optOut, ctctUpdatedAt, crmUpdatedAt, false);
        }

        public boolean create() {
            return crmId == null;
        }

        /**
         * The person re-subscribed in Constant Contact: an existing CRM record's opt-out flag is cleared. A record this
         * creates is written with no opt-out, but that clears nothing, so it is not counted as cleared.
         */
        public boolean optOutCleared() {
            return !create() && "".equals(crmWrites.get(Vocabulary.PERMISSION_TO_SEND));
        }
    }

    /**
     * A Constant Contact contact as the planner sees it.
     *
     * @param link         its link, or null when not linked yet
     * @param crmId        the CRM record it pairs with (the link's, or one matched by e-mail), or null
     * @param crmUpdatedAt that record's {@code updated_at}, or null
     * @param crmDeleted   that record is deleted in the CRM
     * @param crmNow       that record's fields in the vocabulary, or null when there is no live record
     */
    public record Input(CtctContact contact, LinkedContact link, String crmId, Instant crmUpdatedAt, boolean crmDeleted,
                        Map<String, String> crmNow) {
    }

    /** The permission only a person's own sign-up gives. */
    private static final String EXPLICIT = "explicit";

    private final Set<String> toCrmFields;
    private final Function<String, ConflictPolicy> policy;
    private final boolean createCrmContacts;
    private final CrmConnector.DeletePolicy deletePolicy;

    /**
     * @param toCrmFields vocabulary fields the mapping writes towards the CRM ({@code permission_to_send} included
     *                    when mapped)
     * @param policy      the mapping's conflict policy per vocabulary field
     */
    public CtctChangePlanner(Set<String> toCrmFields, Function<String, ConflictPolicy> policy) {
        this(toCrmFields, policy, true, CrmConnector.DeletePolicy.FLAG);
    }

    /**
     * @param createCrmContacts whether a contact new in Constant Contact creates a CRM record
     * @param deletePolicy      what a Constant Contact delete does in the CRM
     */
    public CtctChangePlanner(Set<String> toCrmFields, Function<String, ConflictPolicy> policy, boolean createCrmContacts,
                             CrmConnector.DeletePolicy deletePolicy) {
        this.toCrmFields = Set.copyOf(toCrmFields);
        this.policy = policy;
        this.createCrmContacts = createCrmContacts;
        this.deletePolicy = deletePolicy;
    }

    /**
     * The decision for one contact of a page: the merge of {@link #plan}, and the flow's rules around it.
     * <ul>
     *   <li>A contact whose CRM record was deleted (and that Constant Contact did not delete) needs nothing here:
     *       {@code crm-to-ctct} applies its delete policy — unless Constant Contact deleted it first and it has come
     *       back there since (re-created, or revived by a sign-up): then the CRM record is revived.</li>
     *   <li>A contact new to the CRM is created only when creation is on; it is written with every field the
     *       mapping carries (not list ids or status).</li>
     *   <li>A Constant Contact delete under the {@code ignore} policy only moves the snapshot.</li>
     * </ul>
     *
     * @return the plan, or null when the CRM needs nothing
     */
    public Plan decide(Input in, Instant now) {
        if (in.crmDeleted() && !in.contact().deleted()) {
            boolean backInCtct = in.link() != null && ("deleted".equals(in.link().snapshot().get(Vocabulary.STATUS))
                    || resubscribed(in.contact(), in.link().snapshot().get(Vocabulary.PERMISSION_TO_SEND), Vocabulary.UNSUBSCRIBED));
            if (!backInCtct) {
                return null;
            }
            // Deleted in Constant Contact (so in the CRM too) and then re-created there, or unsubscribed for a CRM
            // delete and then signed up again by the person: the CRM record comes back, with Constant Contact's values.
            Plan p = plan(in.contact(), null, null, in.crmId(), in.crmUpdatedAt(), now);
            Map<String, String> writes = new LinkedHashMap<>(p.crmWrites());
            if (toCrmFields.contains(Vocabulary.PERMISSION_TO_SEND)
                    && EXPLICIT.equals(in.contact().vocabulary().get(Vocabulary.PERMISSION_TO_SEND))) {
                writes.put(Vocabulary.PERMISSION_TO_SEND, ""); // back by their own sign-up: no longer opted out
            }
            return new Plan(p.contactId(), in.crmId(), p.email(), writes, p.snapshot(), List.of(), false,
                    p.optOut(), p.ctctUpdatedAt(), p.crmUpdatedAt(), true);
        }
        Plan p = plan(in.contact(), in.link(), in.crmNow(), in.crmId(), in.crmUpdatedAt(), now);
        if (p == null) {
            return null;
        }
        if (p.create()) {
            if (!createCrmContacts) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>(p.snapshot());
            values.remove(Vocabulary.LIST_IDS);
            values.remove(Vocabulary.STATUS);
            return new Plan(p.contactId(), null, p.email(), values, p.snapshot(), p.conflicts(), false, p.optOut(),
                    p.ctctUpdatedAt(), p.crmUpdatedAt());
        }
        if (p.delete() && deletePolicy == CrmConnector.DeletePolicy.IGNORE) {
            return new Plan(p.contactId(), p.crmId(), p.email(), Map.of(), p.snapshot(), p.conflicts(), false, false,
                    p.ctctUpdatedAt(), p.crmUpdatedAt());
        }
        return p;
    }

    /**
     * @param contact    the Constant Contact side, as read
     * @param link       its link, or null when not linked yet
     * @param crmNow     the CRM record's current fields in the vocabulary, or null when there is none
     * @param crmId      the CRM record's id (the link's, or the one matched by e-mail), or null
     * @param crmUpdated the CRM record's updated_at, or null
     * @return the plan, or null when nothing needs doing
     */
    public Plan plan(CtctContact contact, LinkedContact link, Map<String, String> crmNow, String crmId, Instant crmUpdated,
                     Instant now) {
        Map<String, String> ctct = relevant(contact.vocabulary());
        if (contact.deleted()) {
            boolean known = link != null && !"deleted".equals(link.snapshot().get(Vocabulary.STATUS));
            if (!known) {
                return null;
            }
            Map<String, String> snap = new HashMap<>(link.snapshot());
            snap.put(Vocabulary.STATUS, "deleted");
            return new Plan(contact.contactId(), link.crmId(), link.email(), Map.of(), snap, List.of(), true, false,
                    contact.updatedAt(), crmUpdated);
        }
        Map<String, String> base = link == null ? null : link.snapshot();
        Map<String, String> writes = new LinkedHashMap<>();
        List<ConflictRecord> conflicts = new ArrayList<>();
        for (String f : toCrmFields) {
            String c = ctct.getOrDefault(f, "");
            String r = crmNow == null ? null : crmNow.getOrDefault(f, "");
            if (r != null && c.equals(r)) {
                continue;
            }
            String b = base == null ? null : base.getOrDefault(f, "");
            boolean ctctChanged = b == null || !c.equals(b);
            boolean crmChanged = r != null && (b == null || !r.equals(b));
            if (!ctctChanged) {
                continue; // only the CRM changed: crm-to-ctct carries it
            }
            if (Vocabulary.PERMISSION_TO_SEND.equals(f)) {
                if (Vocabulary.UNSUBSCRIBED.equals(c) || resubscribed(contact, b, r)) {
                    writes.put(f, c);
                }
                continue;
            }
            if (crmChanged && r != null) {
                if (b == null && (r.isEmpty() || c.isEmpty())) {
                    // First sync: a value on one side only fills the other side; it never blanks a value.
                    if (!c.isEmpty()) {
                        writes.put(f, c);
                    }
                    continue;
                }
                boolean ctctWins = ctctWins(f, contact.updatedAt(), crmUpdated);
                conflicts.add(new ConflictRecord(crmId, contact.contactId(), f, r, c,
                        ctctWins ? ConflictWinner.CTCT : ConflictWinner.CRM, policy.apply(f), now));
                if (!ctctWins) {
                    continue;
                }
            }
            writes.put(f, c);
        }
        Map<String, String> snapshot = new HashMap<>(base == null ? Map.of() : base);
        snapshot.putAll(ctct);
        snapshot.remove(Vocabulary.STATUS);
        if (base == null && contact.vocabulary().containsKey(Vocabulary.LIST_IDS)) {
            snapshot.put(Vocabulary.LIST_IDS, contact.vocabulary().get(Vocabulary.LIST_IDS));
        }
        boolean snapshotMoves = base == null || !snapshot.equals(base);
        // A change in Constant Contact that means nothing to the CRM still moves the link's updated_at, so the next
        // push does not take the contact for one edited since the last pull.
        boolean ctctTimeMoves = link != null && !Objects.equals(link.ctctUpdatedAt(), contact.updatedAt());
        if (writes.isEmpty() && conflicts.isEmpty() && !snapshotMoves && !ctctTimeMoves && crmId != null) {
            return null;
        }
        boolean optOut = Vocabulary.UNSUBSCRIBED.equals(writes.get(Vocabulary.PERMISSION_TO_SEND));
        String email = ctct.getOrDefault(Vocabulary.EMAIL, contact.email()).toLowerCase(Locale.ROOT);
        return new Plan(contact.contactId(), crmId, email, writes, snapshot, conflicts, false, optOut,
                contact.updatedAt(), crmUpdated);
    }

    /**
     * Consent, as people mean it. An unsubscribe in Constant Contact always reaches the CRM (above). The engine never
     * opts anyone in, but a person who re-subscribed in Constant Contact themselves — {@code explicit} permission,
     * which only the person's own sign-up gives (the engine's imports give {@code implicit}) — after an opt-out the
     * engine had carried has their choice carried to the CRM: its opt-out flag is cleared. Only then: at a first
     * sync (no snapshot) or when the CRM opted out since the last sync, record timestamps cannot tell whose choice
     * came last, and the opt-out stands ({@code crm-to-ctct} carries it).
     */
    private static boolean resubscribed(CtctContact contact, String base, String crmNow) {
        String permission = contact.vocabulary().getOrDefault(Vocabulary.PERMISSION_TO_SEND, "");
        return EXPLICIT.equals(permission) && Vocabulary.UNSUBSCRIBED.equals(crmNow) && Vocabulary.UNSUBSCRIBED.equals(base);
    }

    private boolean ctctWins(String field, Instant ctctUpdated, Instant crmUpdated) {
        return switch (policy.apply(field)) {
            case CTCT -> true;
            case CRM -> false;
            case NEWEST -> crmUpdated == null || (ctctUpdated != null && !ctctUpdated.isBefore(crmUpdated));
        };
    }

    /** The Constant Contact values the mapping carries to the CRM, plus the e-mail (the link's identity). */
    private Map<String, String> relevant(Map<String, String> vocabulary) {
        Map<String, String> out = new HashMap<>();
        for (String f : toCrmFields) {
            out.put(f, vocabulary.getOrDefault(f, ""));
        }
        out.put(Vocabulary.EMAIL, vocabulary.getOrDefault(Vocabulary.EMAIL, "").toLowerCase(Locale.ROOT));
        if (out.containsKey(Vocabulary.PERMISSION_TO_SEND) && !Vocabulary.UNSUBSCRIBED.equals(out.get(Vocabulary.PERMISSION_TO_SEND))) {
            out.put(Vocabulary.PERMISSION_TO_SEND, ""); // the CRM flag only knows "opted out" or "no opinion"
        }
        return out;
    }
}
