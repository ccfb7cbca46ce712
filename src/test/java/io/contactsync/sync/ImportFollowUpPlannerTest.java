package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportFollowUpPlannerTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");

    /** A plan importing {@code email}; linked when {@code contactId} is set. */
    private static RecordPlan imported(String crmId, String email, String contactId, String permission, boolean unsubscribe,
                                       Map<String, String> tellCrm) {
        Map<String, String> snapshot = Map.of("email", email, "permission_to_send", permission);
        return new RecordPlan(crmId, email, contactId, snapshot, Map.of("email", email, "first_name", "Ann"), List.of("L1"),
                false, unsubscribe, false, List.of(), tellCrm, T);
    }

    private static CtctContact found(String contactId, String email, String permission) {
        return new CtctContact(contactId, Map.of("email", email, "permission_to_send", permission), T, false);
    }

    @Test
    void should_fail_a_new_record_when_the_import_did_not_create_it_and_quote_the_unattributed_errors() {
        RecordPlan p = imported("1", "ann@example.com", null, "", false, Map.of());

        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of(), Map.of(), List.of("something odd"));

        assertThat(f.failed()).containsOnlyKeys("1");
        assertThat(f.failed().get("1")).isEqualTo(Failure.transientFailure("the import did not create the contact: something odd"));
        assertThat(f.unsubscribes()).isEmpty();
    }

    @Test
    void should_unsubscribe_a_new_contact_when_the_crm_opted_it_out() {
        RecordPlan p = imported("1", "ann@example.com", null, "unsubscribed", true, Map.of());

        CtctContact readBack = found("cc-9", "ann@example.com", "implicit");
        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of("ann@example.com", readBack), Map.of(), List.of());

        assertThat(f.unsubscribes()).as("with the whole contact read back: a PUT without a GET")
                .containsExactly(new ImportFollowUpPlanner.Unsubscribe("1", readBack));
        assertThat(f.crmCorrections()).isEmpty();
        assertThat(f.failed()).isEmpty();
    }

    @Test
    void should_read_a_contact_first_when_the_read_back_learned_it_from_an_export_file() {
        RecordPlan p = imported("1", "ann@example.com", null, "unsubscribed", true, Map.of());
        CtctContact fromExport = found("cc-9", "ann@example.com", "implicit");

        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of("ann@example.com", fromExport), java.util.Set.of(),
                Map.of(), List.of());

        assertThat(f.unsubscribes()).as("not whole: a PUT built from it would blank the core fields")
                .containsExactly(new ImportFollowUpPlanner.Unsubscribe("1", fromExport, false));
    }

    @Test
    void should_not_unsubscribe_again_when_constant_contact_already_has_the_new_contact_unsubscribed() {
        RecordPlan p = imported("1", "ann@example.com", null, "unsubscribed", true, Map.of());

        var f = ImportFollowUpPlanner.decide(List.of(p),
                Map.of("ann@example.com", found("cc-9", "ann@example.com", "unsubscribed")), Map.of(), List.of());

        assertThat(f.unsubscribes()).isEmpty();
        assertThat(f.snapshotFixes()).isEmpty();
    }

    @Test
    void should_keep_an_existing_unsubscribed_contact_unsubscribed_and_tell_the_crm() {
        // The CRM record is new to the engine, but Constant Contact already has the e-mail, unsubscribed.
        RecordPlan p = imported("1", "ann@example.com", null, "", false, Map.of());

        var f = ImportFollowUpPlanner.decide(List.of(p),
                Map.of("ann@example.com", found("cc-9", "ann@example.com", "unsubscribed")), Map.of(), List.of());

        assertThat(f.crmCorrections()).containsEntry("1", Map.of("permission_to_send", "unsubscribed"));
        assertThat(f.snapshotFixes()).containsEntry("1", Map.of("permission_to_send", "unsubscribed"));
        assertThat(f.unsubscribes()).as("never re-subscribed, never unsubscribed twice").isEmpty();
    }

    @Test
    void should_carry_the_planners_crm_correction_when_the_crm_cleared_an_opt_out() {
        Map<String, String> tell = Map.of("permission_to_send", "unsubscribed");
        RecordPlan p = new RecordPlan("1", "ann@example.com", "cc-1", Map.of("permission_to_send", "unsubscribed"), null,
                List.of("L1"), false, false, false, List.of(), tell, T);

        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of(), Map.of(), List.of());

        assertThat(f.crmCorrections()).containsEntry("1", tell);
        assertThat(f.snapshotFixes()).as("the snapshot already says unsubscribed").isEmpty();
    }

    @Test
    void should_need_no_read_back_or_follow_up_for_a_contact_created_unsubscribed() {
        Map<String, String> row = Map.of("email", "ann@example.com", "first_name", "Ann");
        RecordPlan p = new RecordPlan("1", "ann@example.com", null, Map.of("email", "ann@example.com",
                "permission_to_send", "unsubscribed"), null, List.of("L1"), false, true, false, List.of(), Map.of(), T, row);

        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of(), Map.of(), List.of());

        assertThat(f.failed()).as("not failed for lack of a read-back").isEmpty();
        assertThat(f.unsubscribes()).isEmpty();
        assertThat(f.crmCorrections()).isEmpty();
    }

    @Test
    void should_leave_records_that_already_failed_alone() {
        RecordPlan p = imported("1", "ann@example.com", null, "unsubscribed", true, Map.of());

        var f = ImportFollowUpPlanner.decide(List.of(p), Map.of("ann@example.com", found("cc-9", "ann@example.com", "implicit")),
                Map.of("1", Failure.permanent("refused")), List.of());

        assertThat(f.unsubscribes()).isEmpty();
        assertThat(f.failed()).isEmpty();
        assertThat(f.crmCorrections()).isEmpty();
    }
}
