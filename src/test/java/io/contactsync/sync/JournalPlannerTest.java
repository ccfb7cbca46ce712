package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.mapping.ConflictPolicy;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class JournalPlannerTest {

    private static final Instant T = Instant.parse("2026-12-01T10:02:00Z");
    private static final String PUSH = Flow.CRM_TO_CTCT.id();
    private static final String PULL = Flow.CTCT_TO_CRM.id();

    private static LinkedContact link(String email, Map<String, String> snapshot) {
        return new LinkedContact("17", "c-17", email, snapshot, T, T, T);
    }

    private static RecordPlan push(String email, Map<String, String> snapshot, Map<String, String> row, boolean changeEmail,
                                   boolean unsubscribe, boolean delete, List<String> removed) {
        return new RecordPlan("17", email, "c-17", snapshot, row, row == null ? List.of() : List.of("l1"), changeEmail,
                unsubscribe, delete, removed, Map.of(), T);
    }

    @Test
    void should_journal_each_changed_import_field_with_its_value_before_and_after() {
        LinkedContact prior = link("kate@x.org", Map.of("first_name", "Kate", "city", "Oslo", "email", "kate@x.org"));
        RecordPlan p = push("kate@x.org", Map.of("first_name", "Katie", "city", "Oslo"),
                Map.of("email", "kate@x.org", "first_name", "Katie", "city", "Oslo"), false, false, false, List.of());

        List<JournalEntry> entries = JournalPlanner.pushed(42L, PUSH, List.of(new JournalPlanner.Pushed(p, prior, "c-17", false, false)));

        assertThat(entries).extracting(JournalEntry::field, JournalEntry::before, JournalEntry::after, JournalEntry::why)
                .containsExactly(tuple("first_name", "Kate", "Katie", "crm-edit"));
        assertThat(entries.get(0)).extracting(JournalEntry::runId, JournalEntry::crmId, JournalEntry::contactId, JournalEntry::email)
                .containsExactly(42L, "17", "c-17", "kate@x.org");
    }

    @Test
    void should_journal_an_email_change_an_opt_out_and_a_list_removal_of_a_linked_record() {
        LinkedContact prior = link("old@x.org", Map.of("email", "old@x.org", "list_ids", "l1,l2", "permission_to_send", "implicit"));
        RecordPlan p = push("new@x.org", Map.of("email", "new@x.org", "list_ids", "l1", "permission_to_send", "unsubscribed"),
                null, true, true, false, List.of("l2"));

        List<JournalEntry> entries = JournalPlanner.pushed(1L, PUSH, List.of(new JournalPlanner.Pushed(p, prior, "c-17", false, false)));

        assertThat(entries).extracting(JournalEntry::field, JournalEntry::before, JournalEntry::after, JournalEntry::why)
                .containsExactly(tuple("email", "old@x.org", "new@x.org", "email-change"),
                        tuple("lists", "l1,l2", "l1", "crm-edit"),
                        tuple("consent", "implicit", "unsubscribed", "crm-opt-out"));
    }

    @Test
    void should_tell_a_create_from_a_link_to_a_contact_constant_contact_already_had() {
        RecordPlan p = new RecordPlan("17", "kate@x.org", null, Map.of("first_name", "Kate"),
                Map.of("email", "kate@x.org", "first_name", "Kate", "last_name", ""), List.of("l1"), false, false, false,
                List.of(), Map.of(), T);

        List<JournalEntry> created = JournalPlanner.pushed(1L, PUSH, List.of(new JournalPlanner.Pushed(p, null, "c-new", false, false)));
        List<JournalEntry> linked = JournalPlanner.pushed(1L, PUSH, List.of(new JournalPlanner.Pushed(p, null, "c-old", true, false)));

        assertThat(created).as("one row per new contact, its values in the detail")
                .extracting(JournalEntry::field, JournalEntry::after, JournalEntry::why, JournalEntry::detail)
                .containsExactly(tuple("contact", "c-new", "create", "first_name 'Kate'"));
        assertThat(linked).extracting(JournalEntry::field, JournalEntry::after, JournalEntry::why)
                .containsExactly(tuple("contact", "c-old", "link"));
    }

    @Test
    void should_name_the_delete_policy_of_a_crm_delete() {
        LinkedContact prior = link("kate@x.org", Map.of("permission_to_send", "implicit"));
        RecordPlan unsubscribe = push("kate@x.org", Map.of("permission_to_send", "unsubscribed"), null, false, true, false, List.of());
        RecordPlan delete = push("kate@x.org", Map.of(), null, false, false, true, List.of());

        assertThat(JournalPlanner.pushed(1L, PUSH, List.of(new JournalPlanner.Pushed(unsubscribe, prior, "c-17", false, true))))
                .extracting(JournalEntry::field, JournalEntry::why).containsExactly(tuple("consent", "delete-policy:unsubscribe"));
        assertThat(JournalPlanner.pushed(1L, PUSH, List.of(new JournalPlanner.Pushed(delete, prior, "c-17", false, true))))
                .extracting(JournalEntry::field, JournalEntry::why).containsExactly(tuple("contact", "delete-policy:delete"));
    }

    private static CtctChangePlanner.Plan pull(Map<String, String> writes, List<ConflictRecord> conflicts, boolean optOut) {
        return new CtctChangePlanner.Plan("c-17", "17", "kate@x.org", writes, Map.of(), conflicts, false, optOut,
                T.plusSeconds(180), T);
    }

    @Test
    void should_journal_a_conflict_constant_contact_won_with_the_crm_value_before_and_the_losing_edit_time() {
        LinkedContact prior = link("kate@x.org", Map.of("first_name", "Kate", "city", "Oslo"));
        ConflictRecord c = new ConflictRecord("17", "c-17", "first_name", "Kathy", "Katie", ConflictWinner.CTCT, ConflictPolicy.NEWEST, T);
        CtctChangePlanner.Plan p = pull(Map.of("first_name", "Katie", "city", "Rome"), List.of(c), false);

        List<JournalEntry> entries = JournalPlanner.pulled(9L, PULL, List.of(new JournalPlanner.Pulled(p, "17", prior,
                Map.of("first_name", "Kathy", "city", "Oslo"))), CrmConnector.DeletePolicy.FLAG);

        assertThat(entries).extracting(JournalEntry::field, JournalEntry::before, JournalEntry::after, JournalEntry::why,
                        JournalEntry::detail)
                .containsExactly(tuple("city", "Oslo", "Rome", "ctct-edit", null),
                        tuple("first_name", "Kathy", "Katie", "conflict:newest-wins", "over the CRM's edit at 2026-12-01 10:02:00Z"));
    }

    @Test
    void should_journal_a_conflict_the_crm_won_as_kept_with_constant_contacts_losing_edit() {
        LinkedContact prior = link("kate@x.org", Map.of("first_name", "Kate"));
        ConflictRecord c = new ConflictRecord("17", "c-17", "first_name", "Kathy", "Katie", ConflictWinner.CRM, ConflictPolicy.CRM, T);

        List<JournalEntry> entries = JournalPlanner.pulled(9L, PULL, List.of(new JournalPlanner.Pulled(pull(Map.of(), List.of(c), false),
                "17", prior, Map.of("first_name", "Kathy"))), CrmConnector.DeletePolicy.FLAG);

        assertThat(entries).extracting(JournalEntry::field, JournalEntry::before, JournalEntry::after, JournalEntry::why,
                        JournalEntry::detail)
                .containsExactly(tuple("first_name", "Katie", "Kathy", "conflict:crm-wins",
                        "kept: over Constant Contact's edit at 2026-12-01 10:05:00Z"));
    }

    @Test
    void should_journal_an_opt_out_carried_to_the_crm_and_a_constant_contact_delete_by_policy() {
        LinkedContact prior = link("kate@x.org", Map.of("permission_to_send", ""));
        CtctChangePlanner.Plan optOut = pull(Map.of("permission_to_send", "unsubscribed"), List.of(), true);
        CtctChangePlanner.Plan delete = new CtctChangePlanner.Plan("c-17", "17", "kate@x.org", Map.of(),
                Map.of("status", "deleted"), List.of(), true, false, T, T);

        assertThat(JournalPlanner.pulled(1L, PULL, List.of(new JournalPlanner.Pulled(optOut, "17", prior, Map.of())),
                CrmConnector.DeletePolicy.FLAG)).extracting(JournalEntry::field, JournalEntry::before, JournalEntry::after,
                JournalEntry::why).containsExactly(tuple("consent", "", "unsubscribed", "ctct-opt-out"));
        assertThat(JournalPlanner.pulled(1L, PULL, List.of(new JournalPlanner.Pulled(delete, "17", prior, Map.of())),
                CrmConnector.DeletePolicy.FLAG)).extracting(JournalEntry::field, JournalEntry::why)
                .containsExactly(tuple("contact", "delete-policy:flag"));
    }

    @Test
    void should_journal_a_crm_record_created_from_constant_contact_with_its_new_id() {
        CtctChangePlanner.Plan create = new CtctChangePlanner.Plan("c-9", null, "new@x.org",
                Map.of("email", "new@x.org", "first_name", "Ann", "city", ""), Map.of(), List.of(), false, false, T, null);

        List<JournalEntry> entries = JournalPlanner.pulled(1L, PULL, List.of(new JournalPlanner.Pulled(create, "55", null, null)),
                CrmConnector.DeletePolicy.FLAG);

        assertThat(entries).extracting(JournalEntry::crmId, JournalEntry::field, JournalEntry::after, JournalEntry::why,
                        JournalEntry::detail)
                .containsExactly(tuple("55", "contact", "55", "create", "first_name 'Ann'"));
    }

    @Test
    void should_journal_nothing_for_a_plan_that_only_moves_the_snapshot() {
        LinkedContact prior = link("kate@x.org", Map.of("first_name", "Kate"));

        assertThat(JournalPlanner.pulled(1L, PULL, List.of(new JournalPlanner.Pulled(pull(Map.of(), List.of(), false), "17", prior,
                Map.of("first_name", "Kate"))), CrmConnector.DeletePolicy.FLAG)).isEmpty();
    }
}
