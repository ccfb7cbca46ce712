package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.contactsync.state.ConflictRecord;
import io.contactsync.state.LinkedContact;
import io.contactsync.vocabulary.Vocabulary;

/**
 * What a dry run shows of a batch's plans, pure: per contact the action, each field's value before and after, the
 * lists joined and left, the consent transition, the conflicts with their winners and the versions the plan was
 * made from (so an apply can tell a record that changed since), and the requests the writes would cost.
 */
public final class PlanPreview {

    private PlanPreview() {
    }

    /** One field as it is and as the plan would leave it. */
    public record FieldChange(String field, String before, String after) {
    }

    /** A conflict the plan resolved: both values and the side that won, by which policy. */
    public record Conflict(String field, String crmValue, String ctctValue, String winner, String policy) {
    }

    /**
     * One contact's planned writes.
     *
     * @param action      {@code create}, {@code create-unsubscribed}, {@code update}, {@code delete} (crm-to-ctct:
     *                    in Constant Contact; ctct-to-crm: in the CRM), {@code revive} (ctct-to-crm)
     * @param consent     the consent transition in words, or null for none
     * @param crmVersion  the CRM record's {@code updated_at} the plan was made from (null: not in the CRM yet)
     * @param ctctVersion the contact's Constant Contact {@code updated_at} the plan was made from (null: unknown)
     */
    public record Entry(String flow, String crmId, String contactId, String action, List<FieldChange> fields,
                        List<String> listsAdded, List<String> listsRemoved, String consent, List<Conflict> conflicts,
                        Instant crmVersion, Instant ctctVersion) {
        public Entry {
            fields = List.copyOf(fields);
            listsAdded = List.copyOf(listsAdded);
            listsRemoved = List.copyOf(listsRemoved);
            conflicts = List.copyOf(conflicts);
        }
    }

    /** crm-to-ctct: what each plan would write in Constant Contact, against the contact's last-synced snapshot. */
    public static List<Entry> ofPush(Collection<RecordPlan> plans, Map<String, LinkedContact> links) {
        List<Entry> entries = new ArrayList<>();
        for (RecordPlan p : plans) {
            LinkedContact prior = links.get(p.crmId());
            Map<String, String> before = prior == null ? Map.of() : prior.snapshot();
            String action = p.delete() ? "delete" : p.createsUnsubscribed() ? "create-unsubscribed" : p.isNew() ? "create" : "update";
            List<FieldChange> fields = new ArrayList<>();
            if (prior != null && p.changeEmail()) {
                fields.add(new FieldChange(Vocabulary.EMAIL, prior.email(), p.email()));
            }
            Map<String, String> row = p.importRow() != null ? p.importRow() : p.createRow() != null ? p.createRow() : Map.of();
            new TreeMap<>(row).forEach((field, after) -> {
                if (!field.equals(Vocabulary.EMAIL) || prior == null) {
                    String was = before.get(field);
                    if (!after.equals(was == null ? "" : was)) {
                        fields.add(new FieldChange(field, was, after));
                    }
                }
            });
            List<String> added = new ArrayList<>();
            if (!p.delete()) {
                TreeSet<String> had = lists(before.get(Vocabulary.LIST_IDS));
                p.listIds().stream().filter(l -> !had.contains(l)).forEach(added::add);
            }
            String consent = null;
            if (p.unsubscribe()) {
                consent = p.isNew() ? "created unsubscribed (the CRM opted the person out)"
                        : Vocabulary.UNSUBSCRIBED.equals(before.get(Vocabulary.PERMISSION_TO_SEND)) ? null
                        : "subscribed -> unsubscribed (the CRM opted the person out)";
            }
            if (!p.tellCrm().isEmpty()) {
                consent = "stays unsubscribed in Constant Contact; the CRM's opt-out flag is set again";
            }
            entries.add(new Entry(CrmToCtctFlow.FLOW, p.crmId(), p.contactId(), action, fields, added,
                    p.removeFromLists(), consent, List.of(), p.crmUpdatedAt(), prior == null ? null : prior.ctctUpdatedAt()));
        }
        return entries;
    }

    /** ctct-to-crm: what each plan would write in the CRM, against the CRM record as read ({@code crmBefore}). */
    public static List<Entry> ofPull(Collection<CtctChangePlanner.Plan> plans, Map<String, Map<String, String>> crmBefore) {
        List<Entry> entries = new ArrayList<>();
        for (CtctChangePlanner.Plan p : plans) {
            Map<String, String> before = p.crmId() == null ? Map.of() : crmBefore.getOrDefault(p.crmId(), Map.of());
            String action = p.delete() ? "delete" : p.create() ? "create" : p.revive() ? "revive" : "update";
            List<FieldChange> fields = new ArrayList<>();
            new TreeMap<>(p.crmWrites()).forEach((field, after) -> {
                String was = before.get(field);
                if (!after.equals(was == null ? "" : was)) {
                    fields.add(new FieldChange(field, was, after));
                }
            });
            String consent = p.optOut() ? "unsubscribed in Constant Contact by the person -> the CRM's opt-out flag is set"
                    : p.optOutCleared() ? "re-subscribed in Constant Contact by the person -> the CRM's opt-out flag is cleared"
                    : null;
            List<Conflict> conflicts = new ArrayList<>();
            for (ConflictRecord c : p.conflicts()) {
                conflicts.add(new Conflict(c.field(), c.crmValue(), c.ctctValue(), c.winner().id(), c.policy().yamlName()));
            }
            entries.add(new Entry(CtctToCrmFlow.FLOW, p.crmId(), p.contactId(), action, fields, List.of(), List.of(),
                    consent, conflicts, p.crmUpdatedAt(), p.ctctUpdatedAt()));
        }
        return entries;
    }

    /**
     * The requests crm-to-ctct's writes of these plans would cost, estimated the way the writer spends them: one
     * import per list set and 40,000 rows with two polls, a read-back (one export, or pages of 500) when contacts
     * are new, one PUT per e-mail change, one POST per contact created unsubscribed, a GET and a PUT per linked
     * contact unsubscribed, and one activity (plus a poll) per 500 deletes and per list and 500 removals.
     */
    public static long pushCost(Collection<RecordPlan> plans) {
        Map<List<String>, Integer> importRows = new TreeMap<>((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
        long fresh = 0;
        long calls = 0;
        long deletes = 0;
        Map<String, Integer> removals = new TreeMap<>();
        for (RecordPlan p : plans) {
            if (p.importRow() != null) {
                importRows.merge(p.listIds(), 1, Integer::sum);
            }
            if (p.isNew() && !p.createsUnsubscribed()) {
                fresh++;
            }
            if (p.changeEmail()) {
                calls++;
            }
            if (p.createsUnsubscribed()) {
                calls++;
            } else if (p.unsubscribe()) {
                calls += p.isNew() ? 1 : 2;
            }
            if (p.delete()) {
                deletes++;
            }
            p.removeFromLists().forEach(l -> removals.merge(l, 1, Integer::sum));
        }
        for (int rows : importRows.values()) {
            calls += 3L * ((rows + 39_999) / 40_000);
        }
        if (fresh > 0) {
            calls += Math.min(4 + 2, (fresh + 499) / 500);
        }
        calls += 2L * ((deletes + 499) / 500);
        for (int n : removals.values()) {
            calls += 2L * ((n + 499) / 500);
        }
        return calls;
    }

    private static TreeSet<String> lists(String joined) {
        TreeSet<String> ids = new TreeSet<>();
        if (joined != null && !joined.isBlank()) {
            Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        return ids;
    }

    /**
     * What an apply finds: the records whose fresh entry differs from the planned one (or that plan nothing now),
     * each with what differs in words (field names, never values); empty when the plan still holds exactly.
     */
    public static java.util.Map<String, String> differences(java.util.Map<String, Entry> planned, java.util.Map<String, Entry> now) {
        java.util.Map<String, String> changed = new java.util.TreeMap<>();
        planned.forEach((key, p) -> {
            Entry n = now.get(key);
            if (n == null) {
                changed.put(key, "needs nothing now, or was parked");
                return;
            }
            List<String> why = new ArrayList<>();
            if (!java.util.Objects.equals(p.crmVersion(), n.crmVersion())) {
                why.add("the CRM record changed");
            }
            if (!java.util.Objects.equals(p.ctctVersion(), n.ctctVersion())) {
                why.add("the Constant Contact contact changed");
            }
            if (!p.action().equals(n.action())) {
                why.add("action " + p.action() + " is now " + n.action());
            }
            TreeSet<String> fields = new TreeSet<>();
            java.util.Map<String, FieldChange> was = new java.util.HashMap<>();
            p.fields().forEach(f -> was.put(f.field(), f));
            java.util.Map<String, FieldChange> is = new java.util.HashMap<>();
            n.fields().forEach(f -> is.put(f.field(), f));
            TreeSet<String> all = new TreeSet<>(was.keySet());
            all.addAll(is.keySet());
            for (String f : all) {
                if (!java.util.Objects.equals(was.get(f), is.get(f))) {
                    fields.add(f);
                }
            }
            if (!fields.isEmpty()) {
                why.add("fields " + String.join(", ", fields));
            }
            if (!p.listsAdded().equals(n.listsAdded()) || !p.listsRemoved().equals(n.listsRemoved())) {
                why.add("lists");
            }
            if (!java.util.Objects.equals(p.consent(), n.consent())) {
                why.add("consent");
            }
            if (!p.conflicts().equals(n.conflicts())) {
                why.add("conflicts");
            }
            if (!why.isEmpty()) {
                changed.put(key, String.join("; ", why));
            }
        });
        return changed;
    }

    /** The refusal of an apply, naming up to 20 records and what differs for each. */
    static PlanChangedException refusal(String flow, java.util.Map<String, String> changed) {
        StringBuilder b = new StringBuilder(PlanChangedException.PREFIX + ", nothing written: " + changed.size() + " " + flow
                + " record(s) of the plan changed since it was made (make a new plan with sync --dry-run):");
        changed.entrySet().stream().limit(20).forEach(e -> b.append(" ").append(e.getKey()).append(" (").append(e.getValue()).append(");"));
        if (changed.size() > 20) {
            b.append(" ...");
        }
        return new PlanChangedException(b.toString());
    }
}
