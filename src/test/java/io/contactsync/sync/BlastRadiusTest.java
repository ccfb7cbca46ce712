package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlastRadiusTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private final CrmChangePlanner planner = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.DELETE);

    private static Map<String, String> person(int i, String... extra) {
        Map<String, String> v = new HashMap<>(Map.of("email", "p" + i + "@example.com", "first_name", "First" + i,
                "last_name", "Last" + i, "permission_to_send", "", "list_ids", "L1"));
        for (int k = 0; k < extra.length; k += 2) {
            v.put(extra[k], extra[k + 1]);
        }
        return v;
    }

    private static LinkedContact link(String crmId, Map<String, String> snapshot) {
        return new LinkedContact(crmId, "cc-" + crmId, snapshot.get("email"), snapshot, T, T, T);
    }

    /** n linked records whose CRM now has {@code extra} (e.g. first_name blank), planned by the real planner. */
    private List<BlastRadius.Effect> pushEffects(int n, String... extra) {
        List<CrmChangePlanner.Mapped> page = new ArrayList<>();
        Map<String, LinkedContact> links = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = "crm-" + i;
            Map<String, String> now = person(i, extra);
            now.remove("list_ids");
            page.add(new CrmChangePlanner.Mapped(id, now, List.of("L1"), false, T, null));
            links.put(id, link(id, person(i)));
        }
        CrmChangePlanner.Decisions d = planner.plan(page, links, Map.of());
        return BlastRadius.ofPush(d.plans(), links);
    }

    @Test
    void should_count_a_blanked_field_and_an_unsubscribe_of_linked_contacts_when_the_crm_planner_plans_them() {
        List<BlastRadius.Effect> effects = pushEffects(3, "first_name", "", "permission_to_send", "unsubscribed");

        assertThat(effects).containsExactlyInAnyOrder(
                new BlastRadius.Effect("crm-0", BlastRadius.Kind.BLANK, "first_name"),
                new BlastRadius.Effect("crm-1", BlastRadius.Kind.BLANK, "first_name"),
                new BlastRadius.Effect("crm-2", BlastRadius.Kind.BLANK, "first_name"),
                new BlastRadius.Effect("crm-0", BlastRadius.Kind.UNSUBSCRIBE, ""),
                new BlastRadius.Effect("crm-1", BlastRadius.Kind.UNSUBSCRIBE, ""),
                new BlastRadius.Effect("crm-2", BlastRadius.Kind.UNSUBSCRIBE, ""));
    }

    @Test
    void should_count_nothing_when_fields_change_to_other_values_or_new_contacts_arrive_unsubscribed() {
        assertThat(pushEffects(5, "first_name", "Renamed")).isEmpty();
        CrmChangePlanner.Decisions fresh = planner.plan(List.of(new CrmChangePlanner.Mapped("new-1",
                person(1, "permission_to_send", "unsubscribed"), List.of("L1"), false, T, null)), Map.of(), Map.of());
        assertThat(BlastRadius.ofPush(fresh.plans(), Map.of())).isEmpty();
    }

    @Test
    void should_count_a_delete_and_each_list_removal_when_plans_carry_them() {
        RecordPlan delete = new RecordPlan("a", "a@x.org", "cc-a", Map.of(), null, List.of(), false, false, true,
                List.of(), Map.of(), T);
        RecordPlan removal = new RecordPlan("b", "b@x.org", "cc-b", Map.of(), null, List.of(), false, false, false,
                List.of("L7", "L8"), Map.of(), T);
        Map<String, LinkedContact> links = Map.of("a", link("a", person(1)), "b", link("b", person(2)));

        assertThat(BlastRadius.ofPush(List.of(delete, removal), links)).containsExactly(
                new BlastRadius.Effect("a", BlastRadius.Kind.DELETE, ""),
                new BlastRadius.Effect("b", BlastRadius.Kind.LIST_REMOVAL, "L7"),
                new BlastRadius.Effect("b", BlastRadius.Kind.LIST_REMOVAL, "L8"));
    }

    @Test
    void should_never_count_an_opt_out_carried_from_constant_contact_when_the_pull_sets_the_crm_flag() {
        CtctChangePlanner.Plan optOut = new CtctChangePlanner.Plan("cc-1", "crm-1", "p1@example.com",
                Map.of("permission_to_send", "unsubscribed"), Map.of(), List.of(), false, true, T, T);
        CtctChangePlanner.Plan blank = new CtctChangePlanner.Plan("cc-2", "crm-2", "p2@example.com",
                Map.of("job_title", ""), Map.of(), List.of(), false, false, T, T);
        CtctChangePlanner.Plan delete = new CtctChangePlanner.Plan("cc-3", "crm-3", "p3@example.com",
                Map.of(), Map.of(), List.of(), true, false, T, T);
        Map<String, Map<String, String>> before = Map.of("crm-1", Map.of("permission_to_send", "implicit"),
                "crm-2", Map.of("job_title", "Chef"));

        assertThat(BlastRadius.ofPull(List.of(optOut, blank, delete), before)).containsExactly(
                new BlastRadius.Effect("crm-2", BlastRadius.Kind.BLANK, "job_title"),
                new BlastRadius.Effect("crm-3", BlastRadius.Kind.DELETE, ""));
    }

    @Test
    void should_compute_the_limit_from_the_share_the_cap_and_the_floor() {
        BlastRadius.Limits l = BlastRadius.Limits.DEFAULT;
        assertThat(l.limit(BlastRadius.Kind.BLANK, 100_000)).isEqualTo(500);   // 5 % = 5,000, capped at 500
        assertThat(l.limit(BlastRadius.Kind.BLANK, 4_000)).isEqualTo(200);     // 5 %
        assertThat(l.limit(BlastRadius.Kind.BLANK, 50)).isEqualTo(10);         // floor
        assertThat(l.limit(BlastRadius.Kind.BLANK, 0)).isEqualTo(10);
    }

    @Test
    void should_hold_when_a_field_is_blanked_on_more_than_the_limit_and_name_the_kind_field_count_and_limit() {
        List<BlastRadius.Effect> effects = pushEffects(300, "first_name", "");

        BlastRadius.Verdict v = BlastRadius.assess(effects, Map.of(), 4_000, BlastRadius.Limits.DEFAULT, List.of());

        assertThat(v.held()).isTrue();
        assertThat(v.breaches()).containsExactly(new BlastRadius.Breach(BlastRadius.Kind.BLANK, "first_name", 300, 200));
        assertThat(v.summary()).isEqualTo("would blank first_name on 300 contacts (limit 200)");
    }

    @Test
    void should_let_a_batch_through_at_the_limit_and_hold_the_batch_that_crosses_it_when_counts_add_up() {
        BlastRadius.Limits limits = BlastRadius.Limits.DEFAULT;
        Map<String, Long> soFar = new HashMap<>();
        BlastRadius.Verdict first = BlastRadius.assess(pushEffects(200, "first_name", ""), soFar, 4_000, limits, List.of());
        assertThat(first.held()).isFalse();
        BlastRadius.addTo(soFar, first.counted());

        BlastRadius.Verdict second = BlastRadius.assess(pushEffects(1, "first_name", ""), soFar, 4_000, limits, List.of());

        assertThat(second.breaches()).extracting(BlastRadius.Breach::count).containsExactly(201L);
    }

    @Test
    void should_limit_each_field_and_each_list_on_its_own_when_several_are_touched() {
        List<BlastRadius.Effect> effects = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            effects.add(new BlastRadius.Effect("r" + i, BlastRadius.Kind.BLANK, "first_name"));
            effects.add(new BlastRadius.Effect("r" + i, BlastRadius.Kind.BLANK, "last_name"));
            effects.add(new BlastRadius.Effect("r" + i, BlastRadius.Kind.LIST_REMOVAL, "L1"));
        }
        assertThat(BlastRadius.assess(effects, Map.of(), 100, BlastRadius.Limits.DEFAULT, List.of()).held()).isFalse();
    }

    @Test
    void should_let_exactly_the_approved_effects_through_and_count_the_rest_when_a_plan_was_approved() {
        List<BlastRadius.Effect> effects = pushEffects(300, "first_name", "");
        BlastRadius.Decision approval = new BlastRadius.Decision(7, true, Set.copyOf(effects));
        List<BlastRadius.Effect> more = new ArrayList<>(effects);
        for (int i = 0; i < 11; i++) {
            more.add(new BlastRadius.Effect("other-" + i, BlastRadius.Kind.UNSUBSCRIBE, ""));
        }

        BlastRadius.Verdict exact = BlastRadius.assess(effects, Map.of(), 100, BlastRadius.Limits.DEFAULT, List.of(approval));
        BlastRadius.Verdict beyond = BlastRadius.assess(more, Map.of(), 100, BlastRadius.Limits.DEFAULT, List.of(approval));

        assertThat(exact.held()).isFalse();
        assertThat(exact.applied()).containsExactly(7L);
        assertThat(exact.counted()).isEmpty();
        assertThat(beyond.breaches()).containsExactly(new BlastRadius.Breach(BlastRadius.Kind.UNSUBSCRIBE, "", 11, 10));
    }

    @Test
    void should_park_every_record_of_a_rejected_plan_and_hold_nothing_when_a_plan_was_rejected() {
        List<BlastRadius.Effect> effects = pushEffects(300, "first_name", "", "permission_to_send", "unsubscribed");
        BlastRadius.Decision rejection = new BlastRadius.Decision(9, false, Set.copyOf(effects));

        BlastRadius.Verdict v = BlastRadius.assess(effects, Map.of(), 4_000, BlastRadius.Limits.DEFAULT, List.of(rejection));

        assertThat(v.held()).isFalse();
        assertThat(v.rejected()).hasSize(300);
        assertThat(v.rejected().get("crm-0")).contains("held run 9 was rejected");
    }

    @Test
    void should_hold_nothing_when_the_guard_is_off() {
        assertThat(BlastRadius.assess(pushEffects(300, "first_name", ""), Map.of(), 10, BlastRadius.Limits.OFF, List.of())
                .held()).isFalse();
    }

    @Test
    void should_refuse_limits_out_of_range() {
        assertThatThrownBy(() -> new BlastRadius.Limit(101, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
