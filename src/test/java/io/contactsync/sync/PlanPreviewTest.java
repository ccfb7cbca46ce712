package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.mapping.ConflictPolicy;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.LinkedContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanPreviewTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private final CrmChangePlanner planner = new CrmChangePlanner(SyncOptions.CtctDeletePolicy.DELETE);

    private static Map<String, String> kate(String... extra) {
        Map<String, String> v = new HashMap<>(Map.of("email", "kate@example.com", "first_name", "Kate", "last_name", "Lee",
                "company_name", "Acme", "permission_to_send", ""));
        for (int i = 0; i < extra.length; i += 2) {
            v.put(extra[i], extra[i + 1]);
        }
        return v;
    }

    private static LinkedContact link(Map<String, String> snapshot) {
        Map<String, String> s = new HashMap<>(snapshot);
        s.put("list_ids", "L1");
        return new LinkedContact("7", "cc-7", "kate@example.com", s, T, T, T);
    }

    private PlanPreview.Entry push(Map<String, String> now, List<String> lists, LinkedContact link) {
        CrmChangePlanner.Decisions d = planner.plan(List.of(new CrmChangePlanner.Mapped("7", now, lists, false, T, null)),
                link == null ? Map.of() : Map.of("7", link), Map.of());
        List<PlanPreview.Entry> entries = PlanPreview.ofPush(d.plans(), link == null ? Map.of() : Map.of("7", link));
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @Test
    void should_show_each_changed_field_before_and_after_and_the_lists_joined_when_the_crm_edits_a_contact() {
        PlanPreview.Entry e = push(kate("first_name", "Katie", "company_name", ""), List.of("L1", "L2"), link(kate()));

        assertThat(e.action()).isEqualTo("update");
        assertThat(e.fields()).containsExactly(new PlanPreview.FieldChange("company_name", "Acme", ""),
                new PlanPreview.FieldChange("first_name", "Kate", "Katie"));
        assertThat(e.listsAdded()).containsExactly("L2");
        assertThat(e.consent()).isNull();
        assertThat(e.crmVersion()).isEqualTo(T);
    }

    @Test
    void should_name_the_consent_transition_when_the_crm_opts_a_linked_contact_out() {
        PlanPreview.Entry e = push(kate("permission_to_send", "unsubscribed"), List.of("L1"), link(kate()));

        assertThat(e.consent()).isEqualTo("subscribed -> unsubscribed (the CRM opted the person out)");
    }

    @Test
    void should_show_a_new_contact_with_every_field_it_brings_and_no_before_values() {
        PlanPreview.Entry e = push(kate(), List.of("L1"), null);

        assertThat(e.action()).isEqualTo("create");
        assertThat(e.contactId()).isNull();
        assertThat(e.fields()).extracting(PlanPreview.FieldChange::before).containsOnlyNulls();
        assertThat(e.fields()).extracting(PlanPreview.FieldChange::field).contains("email", "first_name", "company_name");
    }

    @Test
    void should_show_the_crm_values_replaced_the_consent_carried_and_the_conflict_winner_when_the_pull_plans() {
        ConflictRecord conflict = new ConflictRecord("7", "cc-7", "last_name", "FromCrm", "FromCtct", ConflictWinner.CTCT,
                ConflictPolicy.NEWEST, T);
        CtctChangePlanner.Plan plan = new CtctChangePlanner.Plan("cc-7", "7", "kate@example.com",
                Map.of("last_name", "FromCtct", "permission_to_send", "unsubscribed"), Map.of(), List.of(conflict), false,
                true, T, T);

        PlanPreview.Entry e = PlanPreview.ofPull(List.of(plan), Map.of("7", Map.of("last_name", "FromCrm",
                "permission_to_send", ""))).get(0);

        assertThat(e.flow()).isEqualTo("ctct-to-crm");
        assertThat(e.fields()).contains(new PlanPreview.FieldChange("last_name", "FromCrm", "FromCtct"));
        assertThat(e.consent()).contains("unsubscribed in Constant Contact by the person");
        assertThat(e.conflicts()).containsExactly(new PlanPreview.Conflict("last_name", "FromCrm", "FromCtct", "ctct",
                ConflictPolicy.NEWEST.yamlName()));
    }

    @Test
    void should_estimate_requests_the_way_the_writer_spends_them() {
        RecordPlan imported = new RecordPlan("1", "a@x.org", "cc-1", Map.of(), Map.of("email", "a@x.org"), List.of("L1"),
                false, false, false, List.of(), Map.of(), T);
        RecordPlan emailChange = new RecordPlan("2", "b@x.org", "cc-2", Map.of(), null, List.of("L1"), true, false, false,
                List.of(), Map.of(), T);
        RecordPlan linkedOptOut = new RecordPlan("3", "c@x.org", "cc-3", Map.of(), null, List.of("L1"), false, true, false,
                List.of(), Map.of(), T);
        RecordPlan removal = new RecordPlan("4", "d@x.org", "cc-4", Map.of(), null, List.of(), false, false, false,
                List.of("L9"), Map.of(), T);

        // one import (post + 2 polls) = 3, a PUT = 1, GET + PUT = 2, a removal activity and its poll = 2
        assertThat(PlanPreview.pushCost(List.of(imported, emailChange, linkedOptOut, removal))).isEqualTo(8);
        assertThat(PlanPreview.pushCost(List.of())).isZero();
    }
}
