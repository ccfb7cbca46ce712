package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmConnector;
import io.contactsync.mapping.ConflictPolicy;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CtctChangePlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant LATER = T0.plusSeconds(60);
    private static final Set<String> FIELDS = Set.of("email", "first_name", "city", "permission_to_send");

    private static CtctChangePlanner planner(ConflictPolicy policy) {
        return new CtctChangePlanner(FIELDS, f -> policy);
    }

    private static Map<String, String> v(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("email", "ann@example.com", "first_name", "Ann", "city", "Oslo", "permission_to_send", ""));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static CtctContact contact(Map<String, String> v, Instant updated, boolean deleted) {
        return new CtctContact("cc-1", v, updated, deleted);
    }

    private static LinkedContact link(Map<String, String> snapshot) {
        return new LinkedContact("crm-1", "cc-1", "ann@example.com", snapshot, T0, T0, T0);
    }

    @Test
    void should_do_nothing_when_constant_contact_equals_the_snapshot_and_the_crm() {
        assertThat(planner(ConflictPolicy.NEWEST).plan(contact(v(), T0, false), link(v()), v(), "crm-1", T0, T0)).isNull();
    }

    @Test
    void should_write_only_constant_contact_changes_and_leave_crm_changes_when_fields_differ() {
        var p = planner(ConflictPolicy.NEWEST).plan(contact(v("first_name", "Annie"), LATER, false), link(v()),
                v("city", "Bergen"), "crm-1", LATER, LATER);
        assertThat(p.crmWrites()).containsOnlyKeys("first_name").containsEntry("first_name", "Annie");
        assertThat(p.conflicts()).isEmpty();
        assertThat(p.snapshot()).containsEntry("city", "Oslo"); // CC's value: crm-to-ctct will push Bergen
    }

    @Test
    void should_follow_the_policy_and_record_the_conflict_when_both_change_one_field() {
        var ctctNewer = contact(v("first_name", "FromCtct"), LATER, false);
        var crmNow = v("first_name", "FromCrm");

        var newest = planner(ConflictPolicy.NEWEST).plan(ctctNewer, link(v()), crmNow, "crm-1", T0, LATER);
        assertThat(newest.crmWrites()).containsEntry("first_name", "FromCtct");
        assertThat(newest.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.winner()).isEqualTo(ConflictWinner.CTCT);
            assertThat(c.crmValue()).isEqualTo("FromCrm");
            assertThat(c.policy()).isEqualTo(ConflictPolicy.NEWEST);
        });

        var crm = planner(ConflictPolicy.CRM).plan(ctctNewer, link(v()), crmNow, "crm-1", T0, LATER);
        assertThat(crm.crmWrites()).isEmpty();
        assertThat(crm.conflicts()).singleElement().satisfies(c -> assertThat(c.winner()).isEqualTo(ConflictWinner.CRM));
        assertThat(crm.snapshot()).containsEntry("first_name", "FromCtct");

        var crmNewer = planner(ConflictPolicy.NEWEST).plan(contact(v("first_name", "FromCtct"), T0, false), link(v()),
                crmNow, "crm-1", LATER, LATER);
        assertThat(crmNewer.crmWrites()).doesNotContainKey("first_name");
    }

    @Test
    void should_set_the_crm_opt_out_when_the_contact_unsubscribes_in_constant_contact() {
        var p = planner(ConflictPolicy.CRM).plan(contact(v("permission_to_send", "unsubscribed"), LATER, false), link(v()),
                v(), "crm-1", T0, LATER);
        assertThat(p.optOut()).isTrue();
        assertThat(p.crmWrites()).containsEntry("permission_to_send", "unsubscribed");
    }

    @Test
    void should_never_clear_the_crm_opt_out_when_constant_contact_shows_a_permission_the_person_did_not_give() {
        Map<String, String> unsubscribed = v("permission_to_send", "unsubscribed");
        for (String permission : new String[] {"implicit", "not_set", "pending_confirmation", ""}) {
            var p = planner(ConflictPolicy.CTCT).plan(contact(v("permission_to_send", permission, "city", "Rome"), LATER, false),
                    link(unsubscribed), unsubscribed, "crm-1", T0, LATER);
            assertThat(p.crmWrites()).as(permission).doesNotContainKey("permission_to_send").containsEntry("city", "Rome");
            assertThat(p.optOutCleared()).isFalse();
        }
    }

    @Test
    void should_clear_the_crm_opt_out_when_the_person_re_subscribed_in_constant_contact() {
        Map<String, String> unsubscribed = v("permission_to_send", "unsubscribed");
        var p = planner(ConflictPolicy.CRM).plan(contact(v("permission_to_send", "explicit"), LATER, false),
                link(unsubscribed), unsubscribed, "crm-1", T0, LATER);
        assertThat(p.crmWrites()).containsEntry("permission_to_send", "");
        assertThat(p.optOutCleared()).isTrue();
        assertThat(p.snapshot()).as("so crm-to-ctct does not unsubscribe again").containsEntry("permission_to_send", "");
    }

    @Test
    void should_keep_a_crm_opt_out_made_after_the_re_subscription() {
        // The CRM opted the person out (newer) while Constant Contact shows an older explicit sign-up.
        var p = planner(ConflictPolicy.NEWEST).plan(contact(v("permission_to_send", "explicit"), T0, false),
                link(v()), v("permission_to_send", "unsubscribed"), "crm-1", LATER, LATER);
        assertThat(p == null ? Map.of() : p.crmWrites()).doesNotContainKey("permission_to_send");
    }

    @Test
    void should_let_the_crm_opt_out_stand_at_a_first_sync_even_when_constant_contact_shows_explicit() {
        var p = planner(ConflictPolicy.CTCT).plan(contact(v("permission_to_send", "explicit"), LATER, false), null,
                v("permission_to_send", "unsubscribed"), "crm-1", T0, LATER);
        assertThat(p.crmWrites()).doesNotContainKey("permission_to_send");
        assertThat(p.optOutCleared()).isFalse();
    }

    @Test
    void should_record_a_conflict_for_each_field_it_decides_when_both_sides_have_a_contact_at_the_first_sync() {
        var crmNow = v("first_name", "Annie", "city", "");
        var p = planner(ConflictPolicy.NEWEST).plan(contact(v("first_name", "Ann", "city", "Oslo"), LATER, false),
                null, crmNow, "crm-1", T0, LATER);
        assertThat(p.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("first_name");
            assertThat(c.winner()).isEqualTo(ConflictWinner.CTCT);
        });
        assertThat(p.crmWrites()).containsEntry("first_name", "Ann").as("an empty CRM value is filled, no conflict")
                .containsEntry("city", "Oslo");
    }

    @Test
    void should_never_blank_a_crm_value_at_the_first_sync_when_constant_contact_has_none() {
        var p = planner(ConflictPolicy.CTCT).plan(contact(v("city", ""), LATER, false), null, v("city", "Oslo"), "crm-1",
                T0, LATER);
        assertThat(p == null ? Map.of() : p.crmWrites()).doesNotContainKey("city");
    }

    @Test
    void should_revive_the_crm_record_when_the_person_signs_up_again_after_a_crm_delete_unsubscribed_them() {
        Map<String, String> unsubscribed = v("permission_to_send", "unsubscribed");
        var in = new CtctChangePlanner.Input(contact(v("permission_to_send", "explicit"), LATER, false),
                link(unsubscribed), "crm-1", T0, true, null);
        var p = planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER);
        assertThat(p.revive()).isTrue();
        assertThat(p.optOutCleared()).isTrue();

        var implicit = new CtctChangePlanner.Input(contact(v("permission_to_send", "implicit"), LATER, false),
                link(unsubscribed), "crm-1", T0, true, null);
        assertThat(planner(true, CrmConnector.DeletePolicy.FLAG).decide(implicit, LATER)).as("not the person's sign-up").isNull();
    }

    @Test
    void should_revive_the_crm_record_when_a_contact_deleted_in_constant_contact_comes_back() {
        Map<String, String> deleted = v("status", "deleted");
        var in = new CtctChangePlanner.Input(contact(v("first_name", "Ann", "permission_to_send", "explicit"), LATER, false),
                link(deleted), "crm-1", T0, true, null);
        var p = planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER);
        assertThat(p.revive()).isTrue();
        assertThat(p.crmId()).isEqualTo("crm-1");
        assertThat(p.crmWrites()).containsEntry("first_name", "Ann");
        assertThat(p.snapshot()).doesNotContainKey("status");
    }

    @Test
    void should_plan_a_delete_once_when_constant_contact_deletes_a_linked_contact() {
        var p = planner(ConflictPolicy.NEWEST).plan(contact(v(), LATER, true), link(v()), v(), "crm-1", T0, LATER);
        assertThat(p.delete()).isTrue();
        assertThat(p.snapshot()).containsEntry("status", "deleted");
        var again = planner(ConflictPolicy.NEWEST).plan(contact(v(), LATER, true),
                link(p.snapshot()), v(), "crm-1", T0, LATER);
        assertThat(again).isNull();
        assertThat(planner(ConflictPolicy.NEWEST).plan(contact(v(), LATER, true), null, null, null, null, LATER)).isNull();
    }

    @Test
    void should_create_a_crm_record_without_conflicts_when_the_contact_is_new() {
        var p = planner(ConflictPolicy.NEWEST).plan(contact(v("first_name", "New"), LATER, false), null, null, null, null, LATER);
        assertThat(p.create()).isTrue();
        assertThat(p.conflicts()).isEmpty();
        assertThat(p.crmWrites()).containsEntry("first_name", "New");
    }

    @Test
    void should_not_count_a_new_subscribed_crm_record_as_an_opt_out_cleared() {
        var in = new CtctChangePlanner.Input(contact(v("first_name", "New"), LATER, false), null, null, null, false, null);
        var p = planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER);
        assertThat(p.create()).isTrue();
        assertThat(p.crmWrites()).as("written with no opt-out").containsEntry("permission_to_send", "");
        assertThat(p.optOutCleared()).as("a new CRM record had no opt-out to clear").isFalse();
    }

    private static CtctChangePlanner planner(boolean create, CrmConnector.DeletePolicy deletes) {
        return new CtctChangePlanner(FIELDS, f -> ConflictPolicy.NEWEST, create, deletes);
    }

    @Test
    void should_leave_a_contact_to_crm_to_ctct_when_the_crm_deleted_its_record() {
        var in = new CtctChangePlanner.Input(contact(v("first_name", "Annie"), LATER, false), link(v()), "crm-1", T0, true, null);
        assertThat(planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER)).isNull();
    }

    @Test
    void should_create_a_crm_record_with_every_mapped_field_but_lists_and_status_only_when_creation_is_on() {
        Map<String, String> fields = v("first_name", "New", "list_ids", "L1", "status", "active");
        var in = new CtctChangePlanner.Input(contact(fields, LATER, false), null, null, null, false, null);

        var p = planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER);
        assertThat(p.create()).isTrue();
        assertThat(p.crmWrites()).containsEntry("first_name", "New").containsEntry("email", "ann@example.com")
                .doesNotContainKeys("list_ids", "status");

        assertThat(planner(false, CrmConnector.DeletePolicy.FLAG).decide(in, LATER)).isNull();
    }

    @Test
    void should_only_move_the_snapshot_when_constant_contact_deletes_under_the_ignore_policy() {
        var in = new CtctChangePlanner.Input(contact(v(), LATER, true), link(v()), "crm-1", T0, false, v());

        var flag = planner(true, CrmConnector.DeletePolicy.FLAG).decide(in, LATER);
        assertThat(flag.delete()).isTrue();

        var ignore = planner(true, CrmConnector.DeletePolicy.IGNORE).decide(in, LATER);
        assertThat(ignore.delete()).isFalse();
        assertThat(ignore.crmWrites()).isEmpty();
        assertThat(ignore.snapshot()).containsEntry("status", "deleted");
    }
}
