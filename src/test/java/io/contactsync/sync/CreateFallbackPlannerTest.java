package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsync.constantcontact.CtctContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateFallbackPlannerTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private static final Map<String, String> ROW = Map.of("email", "ann@example.com", "first_name", "Ann", "cf:tier", "gold");

    private static RecordPlan create() {
        Map<String, String> snapshot = Map.of("email", "ann@example.com", "first_name", "Ann", "cf:tier", "gold",
                "permission_to_send", "unsubscribed", "list_ids", "L1");
        return new RecordPlan("1", "ann@example.com", null, snapshot, null, List.of("L1"), false, true, false, List.of(),
                Map.of(), T, ROW);
    }

    private static Optional<CtctContact> existing(String permission, boolean deleted) {
        return Optional.of(new CtctContact("cc-9", Map.of("email", "ann@example.com", "first_name", "Old",
                "permission_to_send", permission), T, deleted));
    }

    @Test
    void should_unsubscribe_the_existing_contact_first_then_import_the_fields_when_it_is_subscribed() {
        var d = CreateFallbackPlanner.decide(create(), existing("implicit", false));

        assertThat(d.failure()).isNull();
        assertThat(d.unsubscribeFirst()).as("consent first, with the contact just looked up (no second GET)")
                .isEqualTo(existing("implicit", false).orElseThrow());
        assertThat(d.plan().createsUnsubscribed()).isFalse();
        assertThat(d.plan().importRow()).as("the fields still land, through the import").isEqualTo(ROW);
        assertThat(d.plan().unsubscribe()).as("counted: the engine unsubscribed it").isTrue();
        assertThat(d.plan().snapshot()).containsEntry("permission_to_send", "unsubscribed");
    }

    @Test
    void should_unsubscribe_a_deleted_contact_before_the_import_revives_it() {
        var d = CreateFallbackPlanner.decide(create(), existing("implicit", true));

        assertThat(d.unsubscribeFirst()).isNotNull();
        assertThat(d.plan().importRow()).isEqualTo(ROW);
    }

    @Test
    void should_leave_an_already_unsubscribed_contact_as_it_is_and_only_import_the_fields() {
        var d = CreateFallbackPlanner.decide(create(), existing("unsubscribed", false));

        assertThat(d.failure()).isNull();
        assertThat(d.unsubscribeFirst()).as("no PUT: it is unsubscribed already").isNull();
        assertThat(d.plan().unsubscribe()).as("not counted as unsubscribed by the engine").isFalse();
        assertThat(d.plan().importRow()).isEqualTo(ROW);
        assertThat(d.plan().snapshot()).containsEntry("permission_to_send", "unsubscribed");
    }

    @Test
    void should_never_re_subscribe_whatever_constant_contact_holds() {
        for (String permission : List.of("implicit", "explicit", "pending_confirmation", "unsubscribed", "not_set")) {
            var d = CreateFallbackPlanner.decide(create(), existing(permission, false));
            assertThat(d.plan().importRow()).as(permission).doesNotContainKey("permission_to_send");
            assertThat(d.plan().snapshot()).as(permission).containsEntry("permission_to_send", "unsubscribed");
            assertThat(d.unsubscribeFirst() != null).as(permission).isEqualTo(!"unsubscribed".equals(permission));
        }
    }

    @Test
    void should_retry_later_when_the_409_e_mail_cannot_be_found() {
        var d = CreateFallbackPlanner.decide(create(), Optional.empty());

        assertThat(d.failure()).isNotNull();
        assertThat(d.failure().kind()).isEqualTo(io.contactsync.state.FailureKind.TRANSIENT);
        assertThat(d.failure().reason()).contains("409");
        assertThat(d.unsubscribeFirst()).isNull();
    }

    @Test
    void should_import_then_unsubscribe_after_the_read_back_when_constant_contact_refuses_the_create() {
        var d = CreateFallbackPlanner.refused(create());

        assertThat(d.failure()).as("not parked for a refusal of the shortcut").isNull();
        assertThat(d.unsubscribeFirst()).isNull();
        assertThat(d.plan().createsUnsubscribed()).isFalse();
        assertThat(d.plan().importRow()).isEqualTo(ROW).doesNotContainKey("permission_to_send");
        assertThat(d.plan().unsubscribe()).as("the follow-up unsubscribes the imported contact").isTrue();
        assertThat(d.plan().isNew()).isTrue();
    }

    @Test
    void should_refuse_a_plan_that_creates_nothing() {
        RecordPlan imported = create().asImport(true);
        assertThatThrownBy(() -> CreateFallbackPlanner.decide(imported, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRM record 1");
    }
}
