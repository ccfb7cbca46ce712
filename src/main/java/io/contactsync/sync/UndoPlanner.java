package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * What {@code undo RUN} writes, decided from the run's journal, pure: each field the run wrote goes back to its value
 * before the run — on the side the run wrote — when nobody changed it since (the side holds the run's value still);
 * the rest is skipped with the reason. E-mail changes and (crm-to-ctct) list memberships are restored too. The link's snapshot is left as the run made it, so the next cycle of the other
 * flow sees the restore as a change and carries it to the other side: both sides end as they were before the run. Never undone: an unsubscribe (nobody is re-subscribed: the person stays
 * unsubscribed and is listed), a re-subscribe the person made, a contact the run created or linked (undo deletes
 * nothing), a delete (nobody is revived); each is listed for the operator.
 */
public final class UndoPlanner {

    /** What {@code why} an undo's own journal entries carry. */
    public static final String WHY = "undo";

    private UndoPlanner() {
    }

    /** An undo of one run: its journal entries by record key (crm-to-ctct: CRM id; ctct-to-crm: contact id). */
    public record Request(long runId, Map<String, List<JournalEntry>> byKey) {
        public Request {
            byKey = Map.copyOf(byKey);
        }
    }

    /** The restores (crm-to-ctct) and what is skipped, by record key, with the reason. */
    public record Push(List<RecordPlan> plans, Map<String, String> skipped) {
    }

    /** The restores (ctct-to-crm) and what is skipped, by record key, with the reason. */
    public record Pull(List<CtctChangePlanner.Plan> plans, Map<String, String> skipped) {
    }

    /**
     * crm-to-ctct: restores Constant Contact's fields from the links' snapshots (what the engine last wrote there).
     *
     * @param ctctEdits contacts Constant Contact changed since the last pull (by contact id): not restored
     */
    public static Push push(Request undo, Map<String, LinkedContact> links, Map<String, Instant> ctctEdits) {
        List<RecordPlan> plans = new java.util.ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        new TreeMap<>(undo.byKey()).forEach((crmId, entries) -> {
            LinkedContact link = links.get(crmId);
            if (link == null) {
                skipped.put(crmId, "no longer linked (deleted since, or never created)");
                return;
            }
            if (CrmChangePlanner.editedInCtctSince(link, ctctEdits)) {
                skipped.put(crmId, "changed in Constant Contact since run " + undo.runId() + ": nothing restored");
                return;
            }
            Restores r = restores(undo.runId(), entries, link.snapshot(), true);
            String email = r.restore.remove(Vocabulary.EMAIL);
            String listsBefore = r.restore.remove(Vocabulary.LIST_IDS);
            boolean changeEmail = email != null && !email.isBlank();
            List<String> removals = new java.util.ArrayList<>();
            if (listsBefore != null) {
                List<String> now = lists(link.snapshot().get(Vocabulary.LIST_IDS));
                now.stream().filter(l -> !lists(listsBefore).contains(l)).forEach(removals::add);
            }
            if (!r.restore.isEmpty() || changeEmail || listsBefore != null) {
                List<String> lists = listsBefore != null ? lists(listsBefore) : lists(link.snapshot().get(Vocabulary.LIST_IDS));
                if (lists.isEmpty() && (!r.restore.isEmpty() || listsBefore == null)) {
                    r.skip("the contact is in no list to import it into: fields not restored");
                } else {
                    // The snapshot stays as the run left it: the CRM, which still holds the run's values, is
                    // then told of the restore by the next ctct-to-crm cycle, so both sides end as before the run.
                    // Lists live only in Constant Contact: the snapshot follows them back.
                    Map<String, String> snapshot = new HashMap<>(link.snapshot());
                    if (listsBefore != null) {
                        snapshot.put(Vocabulary.LIST_IDS, listsBefore);
                    }
                    String address = changeEmail ? email : link.email();
                    Map<String, String> row = null;
                    if (!r.restore.isEmpty() || (listsBefore != null && !lists.isEmpty())) {
                        row = new LinkedHashMap<>();
                        row.put(Vocabulary.EMAIL, address);
                        row.putAll(r.restore);
                    }
                    plans.add(new RecordPlan(crmId, address, link.contactId(), snapshot, row, lists, changeEmail, false,
                            false, removals, Map.of(), link.crmUpdatedAt()));
                }
            }
            if (!r.reasons.isEmpty()) {
                skipped.put(crmId, String.join("; ", r.reasons));
            }
        });
        return new Push(plans, skipped);
    }

    /** ctct-to-crm: restores the CRM's fields, compared with each CRM record as read now ({@code inputs}). */
    public static Pull pull(Request undo, List<CtctChangePlanner.Input> inputs) {
        Map<String, CtctChangePlanner.Input> byContact = new HashMap<>();
        inputs.forEach(in -> byContact.put(in.contact().contactId(), in));
        List<CtctChangePlanner.Plan> plans = new java.util.ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        new TreeMap<>(undo.byKey()).forEach((contactId, entries) -> {
            CtctChangePlanner.Input in = byContact.get(contactId);
            if (in == null || in.link() == null || in.crmId() == null || in.crmNow() == null) {
                skipped.put(contactId, "no longer linked to a live CRM record: nothing restored");
                return;
            }
            Restores r = restores(undo.runId(), entries, in.crmNow(), false);
            if (!r.restore.isEmpty()) {
                // The snapshot stays as the run left it: the next crm-to-ctct cycle carries the restore to Constant
                // Contact, which still holds the run's values, so both sides end as before the run.
                Map<String, String> snapshot = in.link().snapshot();
                plans.add(new CtctChangePlanner.Plan(contactId, in.crmId(), in.link().email(), r.restore, snapshot,
                        List.of(), false, false, in.link().ctctUpdatedAt(), in.crmUpdatedAt()));
            }
            if (!r.reasons.isEmpty()) {
                skipped.put(contactId, String.join("; ", r.reasons));
            }
        });
        return new Pull(plans, skipped);
    }

    /** One record's field restores against the values its written side holds now, and the reasons for the rest. */
    private static Restores restores(long runId, List<JournalEntry> entries, Map<String, String> now, boolean push) {
        Restores r = new Restores();
        for (JournalEntry e : entries) {
            String field = e.field();
            String why = e.why() == null ? "" : e.why();
            if (why.startsWith(JournalPlanner.CRM_KEPT.trim()) || why.equals(JournalPlanner.CONSENT_KEPT) || why.equals(WHY)) {
                continue; // nothing was written there, or it was an undo itself
            }
            switch (field) {
                case JournalPlanner.CONSENT -> r.skip(Vocabulary.UNSUBSCRIBED.equals(e.after())
                        ? "stays unsubscribed: contact-sync never re-subscribes anyone"
                        : "keeps the person's own re-subscription");
                case JournalPlanner.CONTACT -> r.skip(e.why().startsWith(JournalPlanner.DELETE_POLICY)
                        ? "deleted by run " + runId + ": not revived" : "created or linked by run " + runId + ": kept (undo deletes nobody)");
                case JournalPlanner.LISTS -> {
                    if (!push) {
                        r.skip("list memberships not undone");
                    } else if (Objects.equals(blankToEmpty(now.get(Vocabulary.LIST_IDS)), blankToEmpty(e.after()))) {
                        r.restore.put(Vocabulary.LIST_IDS, blankToEmpty(e.before()));
                    } else {
                        r.skip("lists changed since run " + runId);
                    }
                }
                default -> {
                    String was = now.getOrDefault(field, "");
                    if (Objects.equals(blankToEmpty(was), blankToEmpty(e.after()))) {
                        r.restore.put(field, blankToEmpty(e.before()));
                    } else {
                        r.skip(field + " changed since run " + runId);
                    }
                }
            }
        }
        return r;
    }

    private static String blankToEmpty(String v) {
        return v == null ? "" : v;
    }

    private static List<String> lists(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).sorted().toList();
    }

    private static final class Restores {
        final Map<String, String> restore = new TreeMap<>();
        final List<String> reasons = new java.util.ArrayList<>();

        void skip(String reason) {
            if (!reasons.contains(reason)) {
                reasons.add(reason);
            }
        }
    }

    /** An undo's journal entries say so ({@value #WHY}, "restores run N"); an ordinary cycle's pass unchanged. */
    static List<JournalEntry> journal(Request undo, List<JournalEntry> entries) {
        if (undo == null) {
            return entries;
        }
        return entries.stream().map(e -> e.withWhy(WHY, "restores run " + undo.runId())).toList();
    }
}
