package io.contactsync.sync;

import java.time.Instant;
import java.util.List;

import io.contactsync.state.JournalEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JournalSentencesTest {

    private static final Instant T = Instant.parse("2026-12-01T10:05:00Z");

    private static JournalEntry e(long run, String flow, String field, String before, String after, String why, String detail) {
        return new JournalEntry(0, run, flow, T.plusSeconds(run), "17", "c-17", "kate@x.org", field, before, after, why, detail);
    }

    @Test
    void should_tell_a_conflict_an_email_change_and_an_opt_out_run_by_run_in_order() {
        List<String> lines = JournalSentences.lines(List.of(
                e(42, "ctct-to-crm", "first_name", "Kate", "Katie", "conflict:newest-wins", "over the CRM's edit at 2026-12-01 10:02:00Z"),
                e(43, "crm-to-ctct", "email", "a@x.org", "b@x.org", "email-change", null),
                e(44, "ctct-to-crm", "consent", "", "unsubscribed", "ctct-opt-out", null)));

        assertThat(lines).containsExactly(
                "run 42 (ctct-to-crm, 2026-12-01 10:05Z): first_name 'Kate' → 'Katie' from Constant Contact; newest wins"
                        + " over the CRM's edit at 2026-12-01 10:02:00Z",
                "run 43 (crm-to-ctct, 2026-12-01 10:05Z): e-mail changed 'a@x.org' → 'b@x.org' from the CRM",
                "run 44 (ctct-to-crm, 2026-12-01 10:05Z): unsubscribed in Constant Contact by the person; carried to the CRM"
                        + " (opt-out flag set)");
    }

    @Test
    void should_tell_a_create_with_its_values_and_keep_other_changes_of_the_run() {
        List<JournalSentences.RunStory> runs = JournalSentences.runs(List.of(
                e(1, "crm-to-ctct", "contact", null, "c-17", "create", "first_name 'Kate', last_name 'Lee'"),
                e(1, "crm-to-ctct", "consent", "", "unsubscribed", "crm-opt-out", null)));

        assertThat(runs).singleElement().satisfies(r -> assertThat(r.sentences()).containsExactly(
                "created in Constant Contact from CRM record 17 (first_name 'Kate', last_name 'Lee')",
                "opted out in the CRM; unsubscribed in Constant Contact"));
    }

    @Test
    void should_say_which_side_won_a_conflict_and_show_empty_values_as_empty() {
        assertThat(JournalSentences.sentence(e(5, "ctct-to-crm", "first_name", "Katie", "Kathy", "conflict:crm-wins",
                "kept: over Constant Contact's edit at 2026-12-01 10:05:00Z")))
                .isEqualTo("first_name: the CRM's 'Kathy' kept over 'Katie' from Constant Contact; the CRM always wins over"
                        + " Constant Contact's edit at 2026-12-01 10:05:00Z (crm-to-ctct sends it on)");
        assertThat(JournalSentences.sentence(e(5, "crm-to-ctct", "city", "", "Oslo", "crm-edit", null)))
                .isEqualTo("city (empty) → 'Oslo' from the CRM");
        assertThat(JournalSentences.sentence(e(5, "ctct-to-crm", "contact", "active", "deleted", "delete-policy:flag", null)))
                .isEqualTo("deleted in Constant Contact; the CRM record flagged deleted (sync.crm.delete-policy=flag)");
        assertThat(JournalSentences.sentence(e(5, "ctct-to-crm", "city", "a", "b", "something-new", "why not")))
                .as("an unknown code is shown, not dropped").isEqualTo("city 'a' → 'b' (something-new, why not)");
    }
}
