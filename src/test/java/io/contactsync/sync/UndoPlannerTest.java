package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UndoPlannerTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private static final long RUN = 42;

    private static JournalEntry wrote(String field, String before, String after, String why) {
        return JournalEntry.of(RUN, "crm-to-ctct", "7", "cc-7", "kate@example.com", field, before, after, why, null);
    }

    private static LinkedContact link(Map<String, String> snapshot) {
        return new LinkedContact("7", "cc-7", "kate@example.com", snapshot, T, T, T);
    }

    private static UndoPlanner.Request undo(String key, JournalEntry... entries) {
        return new UndoPlanner.Request(RUN, Map.of(key, List.of(entries)));
    }

    @Test
    void should_restore_a_field_the_run_wrote_when_the_side_still_holds_the_runs_value() {
        UndoPlanner.Push p = UndoPlanner.push(undo("7", wrote("first_name", "Kate", "", "crm-edit")),
                Map.of("7", link(Map.of("first_name", "", "list_ids", "L1"))), Map.of());

        assertThat(p.skipped()).isEmpty();
        RecordPlan plan = p.plans().get(0);
        assertThat(plan.importRow()).containsEntry("first_name", "Kate").containsEntry("email", "kate@example.com");
        assertThat(plan.snapshot()).as("left as the run made it: the other side follows").containsEntry("first_name", "");
        assertThat(plan.listIds()).containsExactly("L1");
        assertThat(plan.unsubscribe()).isFalse();
    }

    @Test
    void should_skip_a_field_changed_since_the_run_and_say_so() {
        UndoPlanner.Push p = UndoPlanner.push(undo("7", wrote("first_name", "Kate", "Katie", "crm-edit")),
                Map.of("7", link(Map.of("first_name", "Kathryn", "list_ids", "L1"))), Map.of());

        assertThat(p.plans()).isEmpty();
        assertThat(p.skipped()).containsEntry("7", "first_name changed since run 42");
    }

    @Test
    void should_never_resubscribe_revive_or_delete_anyone_and_list_each() {
        UndoPlanner.Push p = UndoPlanner.push(undo("7",
                        wrote("consent", "", "unsubscribed", "crm-opt-out"),
                        wrote("contact", null, "7", "create"),
                        wrote("first_name", "Kate", "", "crm-edit")),
                Map.of("7", link(Map.of("first_name", "", "permission_to_send", "unsubscribed", "list_ids", "L1"))), Map.of());

        assertThat(p.plans()).hasSize(1);
        assertThat(p.plans().get(0).importRow()).doesNotContainKey("permission_to_send");
        assertThat(p.skipped().get("7")).contains("stays unsubscribed: contact-sync never re-subscribes anyone")
                .contains("created or linked by run 42: kept (undo deletes nobody)");
        assertThat(p.plans().get(0).changeEmail()).isFalse();
    }

    @Test
    void should_restore_an_email_change_and_the_lists_the_run_changed() {
        UndoPlanner.Push p = UndoPlanner.push(undo("7",
                        wrote("email", "kate@old.example", "kate@example.com", "email-change"),
                        wrote("lists", "L1,L2", "L1,L3", "crm-edit")),
                Map.of("7", link(Map.of("email", "kate@example.com", "list_ids", "L1,L3"))), Map.of());

        assertThat(p.skipped()).isEmpty();
        RecordPlan plan = p.plans().get(0);
        assertThat(plan.changeEmail()).isTrue();
        assertThat(plan.email()).isEqualTo("kate@old.example");
        assertThat(plan.listIds()).containsExactly("L1", "L2");
        assertThat(plan.removeFromLists()).containsExactly("L3");
        assertThat(plan.snapshot()).containsEntry("list_ids", "L1,L2");
    }

    @Test
    void should_skip_a_contact_edited_in_constant_contact_since_the_engine_last_read_it() {
        UndoPlanner.Push p = UndoPlanner.push(undo("7", wrote("first_name", "Kate", "", "crm-edit")),
                Map.of("7", link(Map.of("first_name", "", "list_ids", "L1"))), Map.of("cc-7", T.plusSeconds(60)));

        assertThat(p.plans()).isEmpty();
        assertThat(p.skipped().get("7")).startsWith("changed in Constant Contact since run 42");
    }

    @Test
    void should_restore_crm_fields_the_pull_wrote_when_the_crm_record_still_holds_them() {
        JournalEntry pulled = JournalEntry.of(RUN, "ctct-to-crm", "7", "cc-7", "kate@example.com", "job_title", "Chef", "",
                "ctct-edit", null);
        LinkedContact link = link(Map.of("job_title", ""));
        CtctChangePlanner.Input in = new CtctChangePlanner.Input(new CtctContact("cc-7", Map.of("email", "kate@example.com"),
                T, false), link, "7", T, false, Map.of("job_title", ""));

        UndoPlanner.Pull p = UndoPlanner.pull(undo("cc-7", pulled), List.of(in));

        assertThat(p.plans()).singleElement().satisfies(plan -> {
            assertThat(plan.crmWrites()).containsExactly(Map.entry("job_title", "Chef"));
            assertThat(plan.crmUpdatedAt()).isEqualTo(T);
            assertThat(plan.optOut()).isFalse();
        });
    }

    @Test
    void should_mark_an_undos_own_journal_entries() {
        List<JournalEntry> marked = UndoPlanner.journal(undo("7"), List.of(wrote("first_name", "", "Kate", "crm-edit")));

        assertThat(marked).singleElement().satisfies(e -> {
            assertThat(e.why()).isEqualTo("undo");
            assertThat(e.detail()).isEqualTo("restores run 42");
        });
        assertThat(UndoPlanner.journal(null, marked)).isSameAs(marked);
    }
}
