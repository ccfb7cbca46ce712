package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.contactsync.ContactSyncException;
import io.contactsync.constantcontact.ContactBodies;
import io.contactsync.constantcontact.CtctLimits;
import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Decides, per changed CRM record, what Constant Contact needs: nothing (an echo or a repeat), an import row with
 * only the changed fields, an e-mail change by PUT, an unsubscribe, a delete, list removals — or parking with a
 * reason. Pure: no I/O, so every rule is unit-tested. A new contact the CRM opted out is created unsubscribed by one
 * {@code POST /contacts} ({@link RecordPlan#createRow}) when that call can hold all its fields, else imported and
 * unsubscribed after the read-back.
 *
 * <p>Consent is a one-way door: the plan never carries a subscribe. When the CRM clears its opt-out flag for a
 * contact unsubscribed in Constant Contact, the snapshot stays unsubscribed and the CRM is told instead.
 */
public final class CrmChangePlanner {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** A mapped CRM record, or one the mapping refused ({@code error} set). */
    /**
     * Whether a CRM record the overlap re-read is the very version already synced: its {@code updated_at} is at or
     * before the checkpoint and equals the one its link recorded. Such a record needs nothing (not even mapping); a
     * record committed late (the overlap's reason) has another {@code updated_at} or no link, and is planned.
     */
    public static boolean alreadySynced(Instant updatedAt, Instant checkpointAt, LinkedContact link) {
        return updatedAt != null && checkpointAt != null && link != null && link.crmUpdatedAt() != null
                && !updatedAt.isAfter(checkpointAt) && updatedAt.equals(link.crmUpdatedAt());
    }

    public record Mapped(String crmId, Map<String, String> vocabulary, List<String> listIds, boolean deleted,
                         Instant updatedAt, String error) {
    }

    /**
     * The planner's answer for a page.
     *
     * @param deferred records not written now because Constant Contact changed the contact since the engine last
     *                 read it: ctct-to-crm merges that change first, and the record is pushed on a later cycle
     */
    public record Decisions(List<RecordPlan> plans, List<String> unchanged, Map<String, String> parked,
                            Map<String, String> deferred) {

        public Decisions(List<RecordPlan> plans, List<String> unchanged, Map<String, String> parked) {
            this(plans, unchanged, parked, Map.of());
        }
    }

    private final SyncOptions.CtctDeletePolicy deletePolicy;

    public CrmChangePlanner(SyncOptions.CtctDeletePolicy deletePolicy) {
        this.deletePolicy = deletePolicy;
    }

    /**
     * @param links       links of the page's CRM ids
     * @param emailOwners links holding any of the page's e-mails (lower case), to refuse a second CRM record
     *                    taking an e-mail that is already linked to another one
     */
    public Decisions plan(List<Mapped> page, Map<String, LinkedContact> links, Map<String, LinkedContact> emailOwners) {
        return plan(page, links, emailOwners, null);
    }

    /**
     * @param managedListIds the lists the mapping can put contacts in; only these are ever removed (null: all).
     *                       Lists a contact joined in Constant Contact itself are left alone.
     */
    public Decisions plan(List<Mapped> page, Map<String, LinkedContact> links, Map<String, LinkedContact> emailOwners,
                          Set<String> managedListIds) {
        return plan(page, links, emailOwners, managedListIds, Map.of());
    }

    /**
     * @param ctctEdits {@code updated_at} of contacts Constant Contact changed since ctct-to-crm last read it (by
     *                  contact id): a linked record whose contact changed there after its snapshot is deferred rather
     *                  than written over that change
     */
    public Decisions plan(List<Mapped> page, Map<String, LinkedContact> links, Map<String, LinkedContact> emailOwners,
                          Set<String> managedListIds, Map<String, Instant> ctctEdits) {
        Map<String, String> deferred = new LinkedHashMap<>();
        List<RecordPlan> plans = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Map<String, String> parked = new LinkedHashMap<>();
        Map<String, String> emailsInPage = new HashMap<>();
        for (Mapped m : page) {
            if (m.error() != null) {
                parked.put(m.crmId(), m.error());
                continue;
            }
            LinkedContact link = links.get(m.crmId());
            if (m.deleted()) {
                RecordPlan p = planDelete(m, link);
                if (p == null) {
                    unchanged.add(m.crmId());
                } else {
                    plans.add(p);
                }
                continue;
            }
            String email = m.vocabulary().getOrDefault(Vocabulary.EMAIL, "").trim().toLowerCase(Locale.ROOT);
            String problem = emailProblem(email);
            if (problem == null) {
                LinkedContact owner = emailOwners.get(email);
                String otherInPage = emailsInPage.putIfAbsent(email, m.crmId());
                if (owner != null && !owner.crmId().equals(m.crmId())) {
                    problem = "e-mail is already linked to CRM record " + owner.crmId() + " (Constant Contact keeps one contact per e-mail)";
                } else if (otherInPage != null) {
                    problem = "e-mail is shared with CRM record " + otherInPage + " in the same batch (Constant Contact keeps one contact per e-mail)";
                }
            }
            if (problem == null) {
                List<String> limits = CtctLimits.violations(withoutEmail(m.vocabulary()), m.listIds());
                problem = limits.isEmpty() ? null : String.join("; ", limits);
            }
            if (problem != null) {
                parked.put(m.crmId(), problem);
                continue;
            }
            RecordPlan p = planUpsert(m, email, link, managedListIds);
            if (p == null) {
                unchanged.add(m.crmId());
            } else if (link != null && editedInCtctSince(link, ctctEdits)) {
                deferred.put(m.crmId(), "changed in Constant Contact since the last pull: merged by ctct-to-crm first,"
                        + " then pushed (never overwritten)");
            } else {
                plans.add(p);
            }
        }
        return new Decisions(plans, unchanged, parked, deferred);
    }

    static boolean editedInCtctSince(LinkedContact link, Map<String, Instant> ctctEdits) {
        Instant edited = ctctEdits.get(link.contactId());
        return edited != null && (link.ctctUpdatedAt() == null || edited.isAfter(link.ctctUpdatedAt()));
    }

    /** The e-mail is checked on its own, trimmed and lower-cased, by {@link #emailProblem}. */
    private static Map<String, String> withoutEmail(Map<String, String> vocabulary) {
        Map<String, String> rest = new HashMap<>(vocabulary);
        rest.remove(Vocabulary.EMAIL);
        return rest;
    }

    static String emailProblem(String email) {
        if (email.isEmpty()) {
            return "no e-mail address: Constant Contact matches contacts by e-mail";
        }
        if (!EMAIL.matcher(email).matches()) {
            return "invalid e-mail address";
        }
        if (email.length() > CtctLimits.MAX_IMPORT_EMAIL_LENGTH) {
            return "e-mail longer than " + CtctLimits.MAX_IMPORT_EMAIL_LENGTH + " characters (the JSON import's limit)";
        }
        return null;
    }

    private RecordPlan planDelete(Mapped m, LinkedContact link) {
        if (link == null || deletePolicy == SyncOptions.CtctDeletePolicy.IGNORE
                || "deleted".equals(link.snapshot().get(Vocabulary.STATUS))) {
            return null; // nothing linked, or Constant Contact deleted it first (an echo of ctct-to-crm)
        }
        Map<String, String> snap = new HashMap<>(link.snapshot());
        if (deletePolicy == SyncOptions.CtctDeletePolicy.UNSUBSCRIBE) {
            if (Vocabulary.UNSUBSCRIBED.equals(snap.get(Vocabulary.PERMISSION_TO_SEND))) {
                return null;
            }
            snap.put(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
            return new RecordPlan(m.crmId(), link.email(), link.contactId(), snap, null, List.of(), false, true, false,
                    List.of(), Map.of(), m.updatedAt());
        }
        return new RecordPlan(m.crmId(), link.email(), link.contactId(), snap, null, List.of(), false, false, true,
                List.of(), Map.of(), m.updatedAt());
    }

    private RecordPlan planUpsert(Mapped m, String email, LinkedContact link, Set<String> managed) {
        Map<String, String> before = link == null ? Map.of() : link.snapshot();
        Map<String, String> now = new LinkedHashMap<>(m.vocabulary());
        now.put(Vocabulary.EMAIL, email);
        now.put(Vocabulary.LIST_IDS, String.join(",", new TreeSet<>(m.listIds())));

        boolean wasUnsubscribed = Vocabulary.UNSUBSCRIBED.equals(before.get(Vocabulary.PERMISSION_TO_SEND));
        boolean crmOptsOut = Vocabulary.UNSUBSCRIBED.equals(now.get(Vocabulary.PERMISSION_TO_SEND));
        Map<String, String> tellCrm = Map.of();
        if (wasUnsubscribed) {
            // One-way door: whatever the CRM says, the contact stays unsubscribed; the CRM learns it.
            now.put(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
            if (!crmOptsOut && m.vocabulary().containsKey(Vocabulary.PERMISSION_TO_SEND)) {
                tellCrm = Map.of(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
            }
        } else if (!crmOptsOut) {
            // The CRM has no opinion (""): keep whatever Constant Contact last had.
            now.put(Vocabulary.PERMISSION_TO_SEND, before.getOrDefault(Vocabulary.PERMISSION_TO_SEND, ""));
        }

        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!Objects.equals(e.getValue(), before.getOrDefault(e.getKey(), ""))) {
                changed.add(e.getKey());
            }
        }
        if (link != null && changed.isEmpty() && tellCrm.isEmpty()) {
            return null;
        }
        Map<String, String> snapshot = new HashMap<>(before);
        snapshot.putAll(now);

        boolean changeEmail = link != null && !email.equalsIgnoreCase(link.email());
        Map<String, String> row = importRow(now, changed, link == null);
        List<String> listIds = sortedIds(now.get(Vocabulary.LIST_IDS));
        List<String> removed = new ArrayList<>(sortedIds(before.get(Vocabulary.LIST_IDS)));
        removed.removeAll(listIds);
        if (managed != null) {
            removed.retainAll(managed);
        }
        boolean addsLists = link == null || !listIds.stream().allMatch(sortedIds(before.get(Vocabulary.LIST_IDS))::contains);
        if (row.size() == 1 && !addsLists) {
            row = null; // only the e-mail: nothing for an import to change
        }
        if (row != null && listIds.isEmpty()) {
            throw new ContactSyncException("a JSON import needs at least one list; the mapping gave none for CRM record " + m.crmId());
        }
        boolean unsubscribe = crmOptsOut && !wasUnsubscribed;
        if (link == null && unsubscribe && row != null && ContactBodies.creatable(row)) {
            // One POST creates it unsubscribed: no import row, no read-back, no GET + PUT afterwards.
            return new RecordPlan(m.crmId(), email, null, snapshot, null, listIds, false, true, false, List.of(),
                    tellCrm, m.updatedAt(), row);
        }
        return new RecordPlan(m.crmId(), email, link == null ? null : link.contactId(), snapshot, row, listIds,
                changeEmail, unsubscribe, false, link == null ? List.of() : removed, tellCrm, m.updatedAt());
    }

    /** The e-mail plus every import field that changed ("" clears it); for a new contact, every non-empty one. */
    private static Map<String, String> importRow(Map<String, String> now, Set<String> changed, boolean isNew) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put(Vocabulary.EMAIL, now.get(Vocabulary.EMAIL));
        for (Map.Entry<String, String> e : now.entrySet()) {
            String k = e.getKey();
            boolean importable = Vocabulary.IMPORT_FIELDS.contains(k) || Vocabulary.isCustomField(k);
            if (!importable || Vocabulary.EMAIL.equals(k)) {
                continue;
            }
            if (isNew ? !e.getValue().isEmpty() : changed.contains(k)) {
                row.put(k, e.getValue());
            }
        }
        return row;
    }

    static List<String> sortedIds(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(List.of(joined.split(",")));
        Collections.sort(ids);
        return ids;
    }
}
