package io.contactsync.testbed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.vocabulary.Vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's promises, checked on both sides after the fact: the CRM's rows against Constant Contact's contacts
 * field by field for every mapped field, one contact per e-mail, consent equal on both sides, deletes carried, and
 * anything not in step explained by a dead letter with a reason. Read both sides only once faults are cleared.
 */
public final class Convergence {

    /** Counters that mean a cycle wrote (or tried to write) something. */
    public static final Set<Counter> WRITES = EnumSet.complementOf(EnumSet.of(Counter.READ, Counter.UNCHANGED, Counter.FUTURE_DATED));

    private Convergence() {
    }

    /** One two-way cycle in the safe order (ctct-to-crm first). */
    public static List<SyncSummary> cycle(Testbed bed) {
        List<SyncSummary> out = new ArrayList<>();
        for (Flow f : Flow.bothInSafeOrder()) {
            out.add(bed.sync(f));
        }
        return out;
    }

    /** What a cycle wrote: the sum of its write counters (0 for a quiet cycle). */
    public static long writes(List<SyncSummary> runs) {
        return runs.stream().mapToLong(s -> WRITES.stream().mapToLong(s::count).sum()).sum();
    }

    public static boolean quiet(List<SyncSummary> runs) {
        return writes(runs) == 0 && runs.stream().allMatch(s -> s.status() == RunStatus.SUCCEEDED);
    }

    /** Runs cycles until one is quiet, at most {@code max}; returns how many ran (the quiet one included). */
    public static int untilQuiet(Testbed bed, int max) {
        for (int i = 1; i <= max; i++) {
            List<SyncSummary> runs = cycle(bed);
            if (quiet(runs)) {
                return i;
            }
        }
        return max + 1;
    }

    /**
     * Asserts every promise: after at most {@code maxCycles} cycles (faults already stopped) both sides agree, and
     * one more cycle writes nothing. {@code mustStayUnsubscribed}: e-mails whose last consent event was an
     * unsubscribe or opt-out with no later sign-up.
     */
    public static void assertConverges(Testbed bed, int maxCycles, Set<String> mustStayUnsubscribed) {
        List<List<SyncSummary>> seen = new ArrayList<>();
        for (int i = 0; i < maxCycles; i++) {
            seen.add(cycle(bed));
        }
        List<SyncSummary> extra = cycle(bed);
        Report r = check(bed, mustStayUnsubscribed);
        assertThat(r.problems()).as("both sides in step after %d cycles; cycles: %s", maxCycles, lines(seen)).isEmpty();
        assertThat(writes(extra)).as("one more cycle writes nothing: %s", lines(List.of(extra))).isZero();
        if (r.parked().isEmpty()) {
            assertThat(extra).as("nothing left behind: succeeded").allSatisfy(s -> assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED));
        }
    }

    private static String lines(List<List<SyncSummary>> cycles) {
        StringBuilder b = new StringBuilder();
        cycles.forEach(c -> c.forEach(s -> b.append("\n  ").append(s.line())));
        return b.toString();
    }

    /** What the check found: problems (not explained by a dead letter) and the dead letters of both flows. */
    public record Report(List<String> problems, List<DeadLetter> parked) {
    }

    /** Compares both sides now. */
    public static Report check(Testbed bed, Set<String> mustStayUnsubscribed) {
        ContactMapping mapping = bed.engine().mapping();
        List<Map<String, Object>> rows = crmRows(bed);
        List<CtctContact> contacts = ctctContacts(bed);
        List<DeadLetter> parked = new ArrayList<>();
        for (Flow f : Flow.values()) {
            parked.addAll(bed.engine().state().deadLetters(f.id(), 10_000));
        }
        Set<String> excused = new HashSet<>();
        for (DeadLetter d : parked) {
            assertThat(d.reason()).as("dead letter %s of %s has a reason", d.recordKey(), d.flow()).isNotBlank();
            excused.add(d.recordKey());
        }
        List<String> problems = new ArrayList<>();
        Map<String, CtctContact> byEmail = new HashMap<>();
        for (CtctContact c : contacts) {
            if (byEmail.put(key(c.email()), c) != null) {
                problems.add("duplicate Constant Contact contact for one e-mail (" + c.contactId() + ")");
            }
        }
        Map<String, CtctContact> byId = new HashMap<>();
        contacts.forEach(c -> byId.put(c.contactId(), c));
        // Pair by the engine's links first (a deleted CRM record keeps its contact whatever its e-mail became), else by e-mail.
        Map<String, String> contactOf = new HashMap<>();
        Map<String, Map<String, Object>> rowByContact = new HashMap<>();
        Map<String, Map<String, Object>> rowById = new HashMap<>();
        rows.forEach(r -> rowById.put((String) r.get("id"), r));
        bed.engine().state().linksByCrmIds(rowById.keySet()).forEach((crmId, link) -> {
            if (byId.containsKey(link.contactId())) {
                contactOf.put(crmId, link.contactId());
                rowByContact.put(link.contactId(), rowById.get(crmId));
            }
        });
        Map<String, Map<String, Object>> rowByEmail = new HashMap<>();
        for (Map<String, Object> row : rows) {
            String email = key((String) row.get("email"));
            Map<String, Object> other = rowByEmail.get(email);
            if (other == null || Boolean.TRUE.equals(other.get("deleted"))) {
                rowByEmail.put(email, row);
            }
        }
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            if (excused.contains(id)) {
                continue;
            }
            CtctContact c = contactOf.containsKey(id) ? byId.get(contactOf.get(id)) : byEmail.get(key((String) row.get("email")));
            boolean deleted = Boolean.TRUE.equals(row.get("deleted"));
            if (c != null && excused.contains(c.contactId())) {
                continue;
            }
            if (deleted) {
                if (c != null && !c.deleted() && !c.unsubscribed() && pairedRow(c, rowByContact, rowByEmail) == row) {
                    problems.add("CRM " + id + " deleted but its contact " + c.contactId() + " is neither deleted nor unsubscribed");
                }
                continue;
            }
            if (c == null) {
                problems.add("CRM " + id + " has no Constant Contact contact");
                continue;
            }
            if (c.deleted()) {
                problems.add("CRM " + id + " live but its contact " + c.contactId() + " is deleted");
                continue;
            }
            boolean optOut = Boolean.TRUE.equals(row.get("email_opt_out"));
            if (optOut != c.unsubscribed()) {
                problems.add("CRM " + id + " opt-out " + optOut + " but contact " + c.contactId() + " unsubscribed " + c.unsubscribed());
            }
            Map<String, String> expected = mapping.toVocabulary(row);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String field = e.getKey();
                if (field.equals(Vocabulary.PERMISSION_TO_SEND) || !mapping.syncsToCrm(field)) {
                    continue;
                }
                String actual = c.vocabulary().getOrDefault(field, "");
                if (!e.getValue().equals(actual)) {
                    problems.add("CRM " + id + " " + field + " '" + e.getValue() + "' but contact " + c.contactId() + " has '" + actual + "'");
                }
            }
        }
        for (CtctContact c : contacts) {
            if (excused.contains(c.contactId())) {
                continue;
            }
            Map<String, Object> row = pairedRow(c, rowByContact, rowByEmail);
            if (row == null) {
                problems.add("contact " + c.contactId() + (c.deleted() ? " (deleted)" : "") + " has no CRM record");
            } else if (c.deleted() && !Boolean.TRUE.equals(row.get("deleted")) && !excused.contains((String) row.get("id"))) {
                problems.add("contact " + c.contactId() + " deleted but CRM " + row.get("id") + " is not");
            }
        }
        for (String email : mustStayUnsubscribed) {
            CtctContact c = byEmail.get(key(email));
            Map<String, Object> row = rowByEmail.get(key(email));
            if (c != null && !c.deleted() && !c.unsubscribed()) {
                problems.add("re-subscribed in Constant Contact: contact " + c.contactId());
            }
            if (row != null && !Boolean.TRUE.equals(row.get("deleted")) && !Boolean.TRUE.equals(row.get("email_opt_out"))) {
                problems.add("opt-out cleared in the CRM: " + row.get("id"));
            }
        }
        return new Report(problems, parked);
    }

    private static Map<String, Object> pairedRow(CtctContact c, Map<String, Map<String, Object>> byContact,
                                                 Map<String, Map<String, Object>> byEmail) {
        Map<String, Object> row = byContact.get(c.contactId());
        return row != null ? row : byEmail.get(key(c.email()));
    }

    /** E-mails unsubscribed in Constant Contact or opted out in the CRM now (lower case). */
    public static Set<String> unsubscribedNow(Testbed bed) {
        Set<String> out = new HashSet<>();
        for (Map<String, Object> row : crmRows(bed)) {
            if (Boolean.TRUE.equals(row.get("email_opt_out"))) {
                out.add(key((String) row.get("email")));
            }
        }
        for (CtctContact c : ctctContacts(bed)) {
            if (c.unsubscribed()) {
                out.add(key(c.email()));
            }
        }
        return out;
    }

    /** Every CRM row, columns by lower-case name. */
    public static List<Map<String, Object>> crmRows(Testbed bed) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM crm_contact ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Every Constant Contact contact, deleted ones included, through the engine's client. */
    public static List<CtctContact> ctctContacts(Testbed bed) {
        List<CtctContact> out = new ArrayList<>();
        ContactPage page = bed.engine().ctct().contactsUpdatedAfter(null, 500);
        out.addAll(page.contacts());
        while (page.nextHref() != null) {
            page = bed.engine().ctct().nextContacts(page.nextHref());
            out.addAll(page.contacts());
        }
        return out;
    }

    static String key(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
