package io.contactsync.sync;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.contactsync.crm.CrmConnector;
import io.contactsync.mapping.ConflictPolicy;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * What the journal keeps of a page's applied writes (docs/journal.md): one entry per field, e-mail, consent, list or
 * contact change, with the value before and after and why. Derived from what the flows' commit steps already hold
 * (the plans actually applied and the snapshots they were planned against), so only durably applied writes are
 * journaled: parked and failed records never reach here. Pure: no I/O.
 */
public final class JournalPlanner {

    /** Pseudo-fields of the journal (besides vocabulary fields). */
    public static final String CONTACT = "contact";
    public static final String CONSENT = "consent";
    public static final String LISTS = "lists";
    public static final String EMAIL = "email";

    /** Why codes. */
    public static final String CRM_EDIT = "crm-edit";
    public static final String CTCT_EDIT = "ctct-edit";
    public static final String CREATE = "create";
    public static final String LINK = "link";
    public static final String EMAIL_CHANGE = "email-change";
    public static final String CRM_OPT_OUT = "crm-opt-out";
    public static final String CTCT_OPT_OUT = "ctct-opt-out";
    public static final String CTCT_RESUBSCRIBE = "ctct-resubscribe";
    public static final String CONSENT_KEPT = "consent-kept";
    public static final String REVIVE = "revive";
    public static final String DELETE_POLICY = "delete-policy:";
    public static final String CONFLICT = "conflict:";

    /** The detail of a conflict the CRM won in ctct-to-crm: its value stays, Constant Contact's edit lost. */
    public static final String CRM_KEPT = "kept: ";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private JournalPlanner() {
    }

    /**
     * One applied crm-to-ctct record.
     *
     * @param plan           the plan whose writes all succeeded
     * @param prior          the link and snapshot it was planned against (null: a new record)
     * @param contactId      the contact it is linked to now
     * @param linkedExisting a new record whose e-mail Constant Contact already had: linked, not created
     * @param crmDeleted     the CRM deleted the record (its plan applies the delete policy)
     */
    public record Pushed(RecordPlan plan, LinkedContact prior, String contactId, boolean linkedExisting, boolean crmDeleted) {
    }

    /**
     * One applied ctct-to-crm contact.
     *
     * @param plan      the plan whose CRM writes succeeded (or that needed none)
     * @param crmId     the CRM record it is linked to now (a created one's new id)
     * @param prior     the link and snapshot it was planned against (null: not linked before)
     * @param crmBefore the CRM record's values in the vocabulary when read (null: none)
     */
    public record Pulled(CtctChangePlanner.Plan plan, String crmId, LinkedContact prior, Map<String, String> crmBefore) {
    }

    /** The entries of crm-to-ctct's applied records, in their order. */
    public static List<JournalEntry> pushed(Long runId, String flow, List<Pushed> applied) {
        List<JournalEntry> out = new ArrayList<>();
        for (Pushed a : applied) {
            pushed(runId, flow, a, out);
        }
        return out;
    }

    private static void pushed(Long runId, String flow, Pushed a, List<JournalEntry> out) {
        RecordPlan p = a.plan();
        Map<String, String> before = a.prior() == null ? Map.of() : a.prior().snapshot();
        Entries e = new Entries(runId, flow, p.crmId(), a.contactId(), p.email(), out);
        if (p.delete()) {
            e.add(CONTACT, "active", "deleted", DELETE_POLICY + "delete", null);
            return;
        }
        if (a.crmDeleted()) {
            e.add(CONSENT, before.getOrDefault(Vocabulary.PERMISSION_TO_SEND, ""), Vocabulary.UNSUBSCRIBED,
                    DELETE_POLICY + "unsubscribe", null);
            return;
        }
        if (a.prior() == null) {
            Map<String, String> sent = p.importRow() != null ? p.importRow() : p.createRow() != null ? p.createRow() : Map.of();
            e.add(CONTACT, null, a.contactId(), a.linkedExisting() ? LINK : CREATE, values(sent));
        } else {
            if (p.changeEmail()) {
                e.add(EMAIL, a.prior().email(), p.email(), EMAIL_CHANGE, null);
            }
            if (p.importRow() != null) {
                new TreeMap<>(p.importRow()).forEach((f, v) -> {
                    String was = before.getOrDefault(f, "");
                    if (!Vocabulary.EMAIL.equals(f) && !Objects.equals(was, v)) {
                        e.add(f, was, v, CRM_EDIT, null);
                    }
                });
            }
        }
        String listsBefore = before.getOrDefault(Vocabulary.LIST_IDS, "");
        String listsAfter = p.snapshot().getOrDefault(Vocabulary.LIST_IDS, "");
        if (a.prior() != null && !listsBefore.equals(listsAfter) && (p.importRow() != null || !p.removeFromLists().isEmpty())) {
            e.add(LISTS, listsBefore, listsAfter, CRM_EDIT, null);
        }
        if (p.unsubscribe()) {
            e.add(CONSENT, before.getOrDefault(Vocabulary.PERMISSION_TO_SEND, ""), Vocabulary.UNSUBSCRIBED, CRM_OPT_OUT, null);
        }
        if (!p.tellCrm().isEmpty()) {
            e.add(CONSENT, "", Vocabulary.UNSUBSCRIBED, CONSENT_KEPT, null);
        }
    }

    /** The entries of ctct-to-crm's applied contacts, in their order. */
    public static List<JournalEntry> pulled(Long runId, String flow, List<Pulled> applied, CrmConnector.DeletePolicy crmDeletePolicy) {
        List<JournalEntry> out = new ArrayList<>();
        for (Pulled a : applied) {
            pulled(runId, flow, a, crmDeletePolicy, out);
        }
        return out;
    }

    private static void pulled(Long runId, String flow, Pulled a, CrmConnector.DeletePolicy policy, List<JournalEntry> out) {
        CtctChangePlanner.Plan p = a.plan();
        Entries e = new Entries(runId, flow, a.crmId(), p.contactId(), p.email(), out);
        if (p.delete()) {
            e.add(CONTACT, "active", "deleted", DELETE_POLICY + policy.name().toLowerCase(java.util.Locale.ROOT), null);
            return;
        }
        boolean wasDeleted = a.prior() != null && "deleted".equals(a.prior().snapshot().get(Vocabulary.STATUS));
        if (!wasDeleted && "deleted".equals(p.snapshot().get(Vocabulary.STATUS))) {
            e.add(CONTACT, "active", "deleted", DELETE_POLICY + "ignore", null); // only the snapshot moved
            return;
        }
        boolean create = a.prior() == null && (p.create() || a.crmBefore() == null);
        if (p.revive()) {
            e.add(CONTACT, "deleted", "restored", REVIVE, null);
        } else if (create) {
            Map<String, String> written = new TreeMap<>(p.crmWrites());
            written.remove(Vocabulary.PERMISSION_TO_SEND);
            e.add(CONTACT, null, a.crmId(), CREATE, values(written));
        } else if (a.prior() == null) {
            e.add(CONTACT, null, a.crmId(), LINK, null);
        }
        Map<String, ConflictRecord> conflicts = new TreeMap<>();
        p.conflicts().forEach(c -> conflicts.put(c.field(), c));
        new TreeMap<>(p.crmWrites()).forEach((f, v) -> {
            String was = before(a, f);
            if (Vocabulary.PERMISSION_TO_SEND.equals(f)) {
                if (Vocabulary.UNSUBSCRIBED.equals(v)) {
                    e.add(CONSENT, was, v, CTCT_OPT_OUT, null);
                } else if (!create) {
                    e.add(CONSENT, Vocabulary.UNSUBSCRIBED, v, CTCT_RESUBSCRIBE, null);
                }
                return;
            }
            ConflictRecord c = conflicts.get(f);
            if (c != null && c.winner() == ConflictWinner.CTCT) {
                e.add(f, c.crmValue(), v, conflictWhy(c.policy()), "over the CRM's edit" + at(p.crmUpdatedAt()));
            } else if (create) {
                return; // in the create's own entry
            } else if (Vocabulary.EMAIL.equals(f)) {
                e.add(EMAIL, was, v, EMAIL_CHANGE, null);
            } else if (!Objects.equals(was, v)) {
                e.add(f, was, v, p.revive() ? REVIVE : CTCT_EDIT, null);
            }
        });
        conflicts.values().stream().filter(c -> c.winner() == ConflictWinner.CRM).forEach(c ->
                e.add(c.field(), c.ctctValue(), c.crmValue(), conflictWhy(c.policy()),
                        CRM_KEPT + "over Constant Contact's edit" + at(p.ctctUpdatedAt())));
    }

    /**
     * The values a create or link sent, as its entry's detail ({@code city 'Oslo', first_name 'Kate'}; the e-mail is
     * the entry's own): one row per new contact rather than one per field keeps a bulk load's journal small.
     */
    static String values(Map<String, String> sent) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(sent).forEach((f, v) -> {
            if (!Vocabulary.EMAIL.equals(f) && v != null && !v.isEmpty()) {
                b.append(b.length() == 0 ? "" : ", ").append(f).append(" '").append(v).append('\'');
            }
        });
        return b.length() == 0 ? null : b.toString();
    }

    /** {@code conflict:newest-wins}, {@code conflict:crm-wins} or {@code conflict:ctct-wins}. */
    static String conflictWhy(ConflictPolicy policy) {
        return CONFLICT + (policy == null ? ConflictPolicy.NEWEST : policy).yamlName() + "-wins";
    }

    private static String at(Instant t) {
        return t == null ? "" : " at " + TIME.format(t);
    }

    /** The CRM's value of a field before the write: as read, else as last synced. */
    private static String before(Pulled a, String field) {
        if (a.prior() != null) {
            return a.prior().snapshot().getOrDefault(field, "");
        }
        return a.crmBefore() == null ? null : a.crmBefore().getOrDefault(field, "");
    }

    /** Appends entries of one record. */
    private record Entries(Long runId, String flow, String crmId, String contactId, String email, List<JournalEntry> out) {
        void add(String field, String before, String after, String why, String detail) {
            out.add(JournalEntry.of(runId, flow, crmId, contactId, email, field, before, after, why, detail));
        }
    }
}
