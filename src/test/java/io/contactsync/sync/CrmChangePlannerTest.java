package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CrmChangePlannerTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private final CrmChangePlanner planner = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.DELETE);

    private static CrmChangePlanner.Mapped mapped(String id, Map<String, String> v, List<String> lists) {
        return new CrmChangePlanner.Mapped(id, v, lists, false, T, null);
    }

    private static Map<String, String> ann(String... extra) {
        Map<String, String> v = new HashMap<>(Map.of("email", "ann@example.com", "first_name", "Ann", "last_name", "Lee",
                "cf:tier", "gold", "permission_to_send", ""));
        for (int i = 0; i < extra.length; i += 2) {
            v.put(extra[i], extra[i + 1]);
        }
        return v;
    }

    private static LinkedContact link(String crmId, Map<String, String> snapshot) {
        Map<String, String> s = new HashMap<>(snapshot);
        s.putIfAbsent("list_ids", "L1");
        return new LinkedContact(crmId, "cc-" + crmId, s.get("email"), s, T, T, T);
    }

    private CrmChangePlanner.Decisions plan(CrmChangePlanner.Mapped m, LinkedContact link) {
        return planner.plan(List.of(m), link == null ? Map.of() : Map.of(m.crmId(), link), Map.of());
    }

    @Test
    void should_skip_when_the_record_equals_its_snapshot() {
        var d = plan(mapped("1", ann(), List.of("L1")), link("1", ann()));
        assertThat(d.unchanged()).containsExactly("1");
        assertThat(d.plans()).isEmpty();
    }

    @Test
    void should_import_every_non_empty_field_when_the_contact_is_new() {
        var d = plan(mapped("1", ann(), List.of("L2", "L1")), null);
        RecordPlan p = d.plans().get(0);
        assertThat(p.isNew()).isTrue();
        assertThat(p.importRow()).containsOnlyKeys("email", "first_name", "last_name", "cf:tier");
        assertThat(p.listIds()).containsExactly("L1", "L2");
        assertThat(p.unsubscribe()).isFalse();
    }

    @Test
    void should_send_only_the_changed_fields_when_a_linked_contact_changes() {
        var d = plan(mapped("1", ann("first_name", "Anne", "last_name", ""), List.of("L1")), link("1", ann()));
        RecordPlan p = d.plans().get(0);
        assertThat(p.importRow()).containsExactlyInAnyOrderEntriesOf(Map.of("email", "ann@example.com", "first_name", "Anne", "last_name", ""));
        assertThat(p.changeEmail()).isFalse();
        assertThat(p.snapshot()).containsEntry("first_name", "Anne");
    }

    @Test
    void should_change_the_email_by_put_and_not_import_when_only_the_email_changed() {
        var d = plan(mapped("1", ann("email", "ann.lee@example.com"), List.of("L1")), link("1", ann()));
        RecordPlan p = d.plans().get(0);
        assertThat(p.changeEmail()).isTrue();
        assertThat(p.contactId()).isEqualTo("cc-1");
        assertThat(p.importRow()).isNull();
        assertThat(p.snapshot()).containsEntry("email", "ann.lee@example.com");
    }

    @Test
    void should_unsubscribe_when_the_crm_opts_the_contact_out() {
        var d = plan(mapped("1", ann("permission_to_send", "unsubscribed"), List.of("L1")), link("1", ann()));
        RecordPlan p = d.plans().get(0);
        assertThat(p.unsubscribe()).isTrue();
        assertThat(p.importRow()).isNull();
        assertThat(p.snapshot()).containsEntry("permission_to_send", "unsubscribed");
    }

    @Test
    void should_keep_the_contact_unsubscribed_and_tell_the_crm_when_the_crm_clears_its_opt_out() {
        Map<String, String> snapshot = ann("permission_to_send", "unsubscribed");
        var d = plan(mapped("1", ann("first_name", "Anne"), List.of("L1")), link("1", snapshot));
        RecordPlan p = d.plans().get(0);
        assertThat(p.unsubscribe()).isFalse();
        assertThat(p.snapshot()).containsEntry("permission_to_send", "unsubscribed");
        assertThat(p.tellCrm()).containsEntry("permission_to_send", "unsubscribed");
        assertThat(p.importRow()).doesNotContainKey("permission_to_send").containsEntry("first_name", "Anne");
    }

    @Test
    void should_never_carry_a_permission_in_an_import_row() {
        var d = plan(mapped("1", ann("permission_to_send", "unsubscribed", "street2", "Flat 2"), List.of("L1")), null);
        assertThat(d.plans().get(0).importRow()).doesNotContainKey("permission_to_send");
        assertThat(d.plans().get(0).unsubscribe()).isTrue();
    }

    @Test
    void should_create_a_new_contact_unsubscribed_in_one_post_when_the_crm_opted_it_out() {
        var d = plan(mapped("1", ann("permission_to_send", "unsubscribed", "phone", "+1-555-0100", "city", "Oslo"),
                List.of("L2", "L1")), null);
        RecordPlan p = d.plans().get(0);
        assertThat(p.createsUnsubscribed()).isTrue();
        assertThat(p.importRow()).as("no import row, so no read-back and no GET + PUT").isNull();
        assertThat(p.createRow()).containsOnlyKeys("email", "first_name", "last_name", "cf:tier", "phone", "city")
                .doesNotContainKey("permission_to_send");
        assertThat(p.listIds()).containsExactly("L1", "L2");
        assertThat(p.unsubscribe()).as("counted as unsubscribed").isTrue();
        assertThat(p.isNew()).isTrue();
        assertThat(p.snapshot()).containsEntry("permission_to_send", "unsubscribed").containsEntry("list_ids", "L1,L2");
    }

    @Test
    void should_import_a_new_subscribed_contact_and_not_create_it_by_post() {
        var d = plan(mapped("1", ann(), List.of("L1")), null);
        RecordPlan p = d.plans().get(0);
        assertThat(p.createsUnsubscribed()).isFalse();
        assertThat(p.importRow()).isNotNull();
        assertThat(p.unsubscribe()).isFalse();
    }

    @Test
    void should_import_then_unsubscribe_a_new_opted_out_contact_when_one_post_cannot_hold_its_fields() {
        for (String[] extra : List.of(new String[] {"street2", "Flat 2"}, new String[] {"sms_number", "555-123-4567"},
                new String[] {"home_phone", "+1-555-0199"})) {
            var d = plan(mapped("1", ann("permission_to_send", "unsubscribed", "phone", "+1-555-0100", extra[0], extra[1]),
                    List.of("L1")), null);
            RecordPlan p = d.plans().get(0);
            assertThat(p.createsUnsubscribed()).as(extra[0]).isFalse();
            assertThat(p.importRow()).as(extra[0]).containsKey(extra[0]);
            assertThat(p.unsubscribe()).as(extra[0]).isTrue();
        }
    }

    @Test
    void should_not_create_a_linked_contact_the_crm_opts_out() {
        var d = plan(mapped("1", ann("permission_to_send", "unsubscribed", "first_name", "Anne"), List.of("L1")),
                link("1", ann()));
        RecordPlan p = d.plans().get(0);
        assertThat(p.createsUnsubscribed()).isFalse();
        assertThat(p.unsubscribe()).isTrue();
        assertThat(p.importRow()).containsEntry("first_name", "Anne");
    }

    @Test
    void should_remove_list_memberships_the_mapping_no_longer_gives() {
        Map<String, String> snapshot = ann("list_ids", "L1,VIP");
        var d = plan(mapped("1", ann(), List.of("L1")), link("1", snapshot));
        RecordPlan p = d.plans().get(0);
        assertThat(p.removeFromLists()).containsExactly("VIP");
        assertThat(p.importRow()).isNull();
    }

    @Test
    void should_delete_a_linked_contact_and_ignore_an_unlinked_one_when_the_crm_deletes() {
        var deleted = new CrmChangePlanner.Mapped("1", Map.of(), List.of(), true, T, null);
        assertThat(plan(deleted, link("1", ann())).plans().get(0).delete()).isTrue();
        assertThat(plan(deleted, null).unchanged()).containsExactly("1");

        var unsubscribing = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.UNSUBSCRIBE)
                .plan(List.of(deleted), Map.of("1", link("1", ann())), Map.of());
        assertThat(unsubscribing.plans().get(0).unsubscribe()).isTrue();
        assertThat(unsubscribing.plans().get(0).delete()).isFalse();
    }

    @Test
    void should_park_records_without_a_usable_email() {
        var d = planner.plan(List.of(mapped("1", ann("email", ""), List.of("L1")),
                mapped("2", ann("email", "not-an-email"), List.of("L1"))), Map.of(), Map.of());
        assertThat(d.parked()).containsOnlyKeys("1", "2");
        assertThat(d.parked().get("1")).contains("no e-mail");
        assertThat(d.parked().get("2")).contains("invalid e-mail");
    }

    @Test
    void should_park_the_second_record_when_two_crm_records_share_an_email() {
        var d = planner.plan(List.of(mapped("1", ann(), List.of("L1")), mapped("2", ann(), List.of("L1"))), Map.of(),
                Map.of());
        assertThat(d.plans()).extracting(RecordPlan::crmId).containsExactly("1");
        assertThat(d.parked().get("2")).contains("shared with CRM record 1");

        var owned = planner.plan(List.of(mapped("2", ann(), List.of("L1"))), Map.of(),
                Map.of("ann@example.com", link("1", ann())));
        assertThat(owned.parked().get("2")).contains("already linked to CRM record 1");
    }

    @Test
    void should_park_a_record_the_mapping_refused() {
        var bad = new CrmChangePlanner.Mapped("1", Map.of(), List.of(), false, T, "mapping: bad date");
        assertThat(plan(bad, null).parked()).containsEntry("1", "mapping: bad date");
    }

    @Test
    void should_only_remove_lists_the_mapping_manages_when_managed_lists_are_given() {
        Map<String, String> snapshot = ann("list_ids", "L1,JOINED_IN_CTCT,VIP");
        var d = planner.plan(List.of(mapped("1", ann(), List.of("L1"))), Map.of("1", link("1", snapshot)), Map.of(),
                Set.of("L1", "VIP"));
        assertThat(d.plans().get(0).removeFromLists()).containsExactly("VIP");
    }

    @Test
    void should_do_nothing_when_the_crm_deletes_under_the_ignore_policy_or_constant_contact_deleted_first() {
        var deleted = new CrmChangePlanner.Mapped("1", Map.of(), List.of(), true, T, null);
        var ignoring = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.IGNORE)
                .plan(List.of(deleted), Map.of("1", link("1", ann())), Map.of());
        assertThat(ignoring.plans()).isEmpty();
        assertThat(ignoring.unchanged()).containsExactly("1");

        var echo = plan(deleted, link("1", ann("status", "deleted")));
        assertThat(echo.plans()).as("Constant Contact deleted it first: an echo").isEmpty();
    }

    @Test
    void should_not_unsubscribe_twice_when_a_deleted_record_was_already_unsubscribed() {
        var deleted = new CrmChangePlanner.Mapped("1", Map.of(), List.of(), true, T, null);
        var d = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.UNSUBSCRIBE)
                .plan(List.of(deleted), Map.of("1", link("1", ann("permission_to_send", "unsubscribed"))), Map.of());
        assertThat(d.plans()).isEmpty();
    }

    @Test
    void should_park_a_record_before_sending_when_a_value_breaks_a_constant_contact_limit() {
        String long60 = "A".repeat(60);
        var d = plan(mapped("1", ann("first_name", long60), List.of("L1")), null);
        assertThat(d.plans()).isEmpty();
        assertThat(d.parked().get("1")).contains("first_name longer than 50 characters").doesNotContain(long60);
    }

    @Test
    void should_skip_only_the_version_already_synced_among_what_the_overlap_re_reads() {
        Instant synced = Instant.parse("2026-11-30T10:00:00Z");
        Instant checkpoint = Instant.parse("2026-11-30T10:05:00Z");
        LinkedContact link = new LinkedContact("1", "cc-1", "a@b.c", Map.of(),
                synced, synced, synced);
        assertThat(CrmChangePlanner.alreadySynced(synced, checkpoint, link)).isTrue();
        assertThat(CrmChangePlanner.alreadySynced(synced.plusMillis(1), checkpoint, link)).as("committed late").isFalse();
        assertThat(CrmChangePlanner.alreadySynced(synced, checkpoint, null)).as("never linked").isFalse();
        assertThat(CrmChangePlanner.alreadySynced(synced, null, link)).as("first or full read").isFalse();
        assertThat(CrmChangePlanner.alreadySynced(checkpoint.plusSeconds(1), checkpoint, new LinkedContact(
                "1", "cc-1", "a@b.c", Map.of(), checkpoint.plusSeconds(1), synced, synced))).as("after the checkpoint").isFalse();
    }
}
