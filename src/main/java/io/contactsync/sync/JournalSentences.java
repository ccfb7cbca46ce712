package io.contactsync.sync;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.contactsync.state.JournalEntry;

import static io.contactsync.sync.JournalPlanner.CONSENT;
import static io.contactsync.sync.JournalPlanner.CONTACT;
import static io.contactsync.sync.JournalPlanner.CREATE;
import static io.contactsync.sync.JournalPlanner.LINK;

/**
 * A contact's journal in plain sentences, grouped by run, oldest first (what {@code explain} prints):
 * {@code run 42 (ctct-to-crm, 2026-12-01 10:05Z): first_name 'Kate' → 'Katie' from Constant Contact; newest wins
 * over the CRM's edit at 2026-12-01 10:02:00Z}. Pure: no I/O. Values appear here because the user asked for them.
 */
public final class JournalSentences {

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final String CRM = "the CRM";
    private static final String CTCT = "Constant Contact";

    /** One run's part of the story. */
    public record RunStory(Long runId, String flow, Instant at, List<String> sentences) {
        public RunStory {
            sentences = List.copyOf(sentences);
        }

        /** {@code run 42 (ctct-to-crm, 2026-12-01 10:05Z): a; b}. */
        public String line() {
            String when = at == null ? "" : ", " + RUN_TIME.format(at);
            return "run " + (runId == null ? "?" : runId) + " (" + flow + when + "): " + String.join("; ", sentences);
        }
    }

    private JournalSentences() {
    }

    /** The entries (oldest first) grouped into runs, each run's changes as sentences. */
    public static List<RunStory> runs(List<JournalEntry> entries) {
        List<RunStory> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= entries.size(); i++) {
            if (i == entries.size() || !sameRun(entries.get(from), entries.get(i))) {
                List<JournalEntry> group = entries.subList(from, i);
                JournalEntry first = group.get(0);
                out.add(new RunStory(first.runId(), first.flow(), first.at(), sentences(group)));
                from = i;
            }
        }
        return out;
    }

    /** {@link RunStory#line()} of each run. */
    public static List<String> lines(List<JournalEntry> entries) {
        return runs(entries).stream().map(RunStory::line).toList();
    }

    private static boolean sameRun(JournalEntry a, JournalEntry b) {
        return Objects.equals(a.runId(), b.runId()) && Objects.equals(a.flow(), b.flow());
    }

    /** One run's entries as sentences; a create's or link's field values go into its own sentence. */
    static List<String> sentences(List<JournalEntry> group) {
        List<String> out = new ArrayList<>();
        Set<JournalEntry> folded = new HashSet<>();
        for (JournalEntry e : group) {
            if (CONTACT.equals(e.field()) && (CREATE.equals(e.why()) || LINK.equals(e.why()))) {
                List<String> values = new ArrayList<>();
                if (e.detail() != null && !e.detail().isBlank()) {
                    values.add(e.detail());
                }
                for (JournalEntry f : group) {
                    if (f != e && !CONTACT.equals(f.field()) && e.why().equals(f.why()) && Objects.equals(e.crmId(), f.crmId())) {
                        values.add(f.field() + " " + quote(f.after()));
                        folded.add(f);
                    }
                }
                out.add(contactSentence(e, values));
            }
        }
        for (JournalEntry e : group) {
            if (!folded.contains(e) && !(CONTACT.equals(e.field()) && (CREATE.equals(e.why()) || LINK.equals(e.why())))) {
                out.add(sentence(e));
            }
        }
        return out;
    }

    private static String contactSentence(JournalEntry e, List<String> values) {
        boolean push = Flow.CRM_TO_CTCT.id().equals(e.flow());
        String with = values.isEmpty() ? "" : " (" + String.join(", ", values) + ")";
        if (CREATE.equals(e.why())) {
            return push ? "created in Constant Contact from CRM record " + e.crmId() + with
                    : "CRM record " + e.crmId() + " created from Constant Contact" + with;
        }
        return push ? "linked to the contact Constant Contact already had with this e-mail" + (values.isEmpty() ? "" : "; sent" + with)
                : "linked to CRM record " + e.crmId() + " with the same e-mail" + with;
    }

    /** One entry as a sentence. */
    static String sentence(JournalEntry e) {
        boolean push = Flow.CRM_TO_CTCT.id().equals(e.flow());
        String from = push ? CRM : CTCT;
        String why = e.why() == null ? "" : e.why();
        if (why.startsWith(JournalPlanner.CONFLICT)) {
            return conflict(e, why.substring(JournalPlanner.CONFLICT.length()));
        }
        if (why.startsWith(JournalPlanner.DELETE_POLICY)) {
            String policy = why.substring(JournalPlanner.DELETE_POLICY.length());
            return push ? "deleted in the CRM; " + switch (policy) {
                case "unsubscribe" -> "unsubscribed in Constant Contact";
                case "delete" -> "deleted in Constant Contact";
                default -> "left in Constant Contact";
            } + " (sync.ctct.delete-policy=" + policy + ")"
                    : "deleted in Constant Contact; " + switch (policy) {
                case "flag" -> "the CRM record flagged deleted";
                case "delete" -> "the CRM record deleted";
                default -> "the CRM record kept";
            } + " (sync.crm.delete-policy=" + policy + ")";
        }
        return switch (why) {
            case JournalPlanner.EMAIL_CHANGE -> "e-mail changed " + quote(e.before()) + " → " + quote(e.after()) + " from " + from;
            case JournalPlanner.CRM_OPT_OUT -> "opted out in the CRM; unsubscribed in Constant Contact";
            case JournalPlanner.CTCT_OPT_OUT -> "unsubscribed in Constant Contact by the person; carried to the CRM (opt-out flag set)";
            case JournalPlanner.CTCT_RESUBSCRIBE -> "re-subscribed in Constant Contact by the person; the CRM's opt-out flag cleared";
            case JournalPlanner.CONSENT_KEPT -> "the CRM cleared its opt-out flag, but the contact stays unsubscribed in"
                    + " Constant Contact (the engine never re-subscribes anyone); the CRM's flag set again";
            case JournalPlanner.REVIVE -> CONTACT.equals(e.field()) ? "came back in Constant Contact; the deleted CRM record restored"
                    : change(e) + " from " + CTCT + " (restored record)";
            case JournalPlanner.CRM_EDIT, JournalPlanner.CTCT_EDIT -> change(e) + " from " + from;
            default -> change(e) + " (" + why + (e.detail() == null ? "" : ", " + e.detail()) + ")";
        };
    }

    private static String conflict(JournalEntry e, String rule) {
        String ruleText = switch (rule) {
            case "crm-wins" -> "the CRM always wins";
            case "ctct-wins" -> "Constant Contact always wins";
            default -> "newest wins";
        };
        String detail = e.detail() == null ? "" : e.detail();
        if (detail.startsWith(JournalPlanner.CRM_KEPT)) {
            return e.field() + ": the CRM's " + quote(e.after()) + " kept over " + quote(e.before()) + " from Constant Contact; "
                    + ruleText + " " + detail.substring(JournalPlanner.CRM_KEPT.length()) + " (crm-to-ctct sends it on)";
        }
        boolean push = Flow.CRM_TO_CTCT.id().equals(e.flow());
        return change(e) + " from " + (push ? CRM : CTCT) + "; " + ruleText + (detail.isEmpty() ? "" : " " + detail);
    }

    private static String change(JournalEntry e) {
        String field = CONSENT.equals(e.field()) ? "consent" : e.field();
        return field + " " + quote(e.before()) + " → " + quote(e.after());
    }

    private static String quote(String v) {
        return v == null || v.isEmpty() ? "(empty)" : "'" + v + "'";
    }
}
