package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Both directions through real HTTP and real H2: merges, consent, deletes, echoes. */
class TwoWayIT {

    private static final int CONTACTS = 40;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        assertThat(both()).allMatch(s -> s.status() == RunStatus.SUCCEEDED);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private List<SyncSummary> both() {
        List<SyncSummary> out = new ArrayList<>();
        for (Flow f : Flow.bothInSafeOrder()) {
            out.add(bed.sync(f));
        }
        return out;
    }

    private long total(List<SyncSummary> runs, Counter c) {
        return runs.stream().mapToLong(s -> s.count(c)).sum();
    }

    private Map<String, Object> crmRow(String id) {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT email, first_name, last_name, city, email_opt_out, deleted FROM crm_contact WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("email", rs.getString(1));
                m.put("first_name", rs.getString(2));
                m.put("last_name", rs.getString(3));
                m.put("city", rs.getString(4));
                m.put("opt_out", rs.getBoolean(5));
                m.put("deleted", rs.getBoolean(6));
                return m;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String subscribedId() {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM crm_contact WHERE email_opt_out = FALSE AND deleted = FALSE ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private CtctContact ctctOf(String crmId) {
        return bed.engine().ctct().findByEmail((String) crmRow(crmId).get("email")).orElseThrow();
    }

    @Test
    void should_write_nothing_on_either_side_over_five_cycles_when_nobody_edits() {
        long imports = bed.requests("POST /v3/activities/contacts_json_import");
        for (int i = 0; i < 5; i++) {
            List<SyncSummary> runs = both();
            assertThat(total(runs, Counter.IMPORTED) + total(runs, Counter.CRM_UPDATED) + total(runs, Counter.CRM_CREATED)
                    + total(runs, Counter.UPDATED) + total(runs, Counter.UNSUBSCRIBED)).as("cycle %d writes", i).isZero();
        }
        assertThat(bed.requests("POST /v3/activities/contacts_json_import")).isEqualTo(imports);
    }

    @Test
    void should_reach_the_crm_and_never_be_undone_when_a_contact_unsubscribes_in_constant_contact() {
        String id = subscribedId();
        bed.control().unsubscribe(ctctOf(id).contactId());

        List<SyncSummary> runs = both();
        assertThat(total(runs, Counter.CRM_OPTED_OUT)).isEqualTo(1);
        assertThat(crmRow(id).get("opt_out")).isEqualTo(true);

        bed.crm().edit(id, "email_opt_out", false);
        bed.crm().edit(id, "first_name", "Edited");
        both();

        assertThat(ctctOf(id).unsubscribed()).isTrue();
        assertThat(ctctOf(id).vocabulary()).containsEntry("first_name", "Edited");
        assertThat(crmRow(id).get("opt_out")).as("the CRM is told again").isEqualTo(true);
    }

    @Test
    void should_keep_both_edits_when_the_two_sides_change_different_fields() {
        String id = subscribedId();
        String contactId = ctctOf(id).contactId();
        bed.crm().edit(id, "city", "Lisbon");
        bed.control().edit(contactId, Map.of("last_name", "FromCtct"));

        List<SyncSummary> runs = both();

        assertThat(total(runs, Counter.CONFLICTS)).isZero();
        assertThat(crmRow(id)).containsEntry("last_name", "FromCtct").containsEntry("city", "Lisbon");
        assertThat(ctctOf(id).vocabulary()).containsEntry("last_name", "FromCtct").containsEntry("city", "Lisbon");
    }

    @Test
    void should_let_the_newest_side_win_and_record_the_conflict_when_both_change_the_same_field() {
        String id = subscribedId();
        String contactId = ctctOf(id).contactId();
        bed.crm().edit(id, "first_name", "CrmOlder");
        bed.control().setClockOffset(5);
        bed.control().edit(contactId, Map.of("first_name", "CtctNewer"));

        List<SyncSummary> runs = both();

        assertThat(total(runs, Counter.CONFLICTS)).isEqualTo(1);
        assertThat(crmRow(id).get("first_name")).isEqualTo("CtctNewer");
        assertThat(ctctOf(id).vocabulary()).containsEntry("first_name", "CtctNewer");
        assertThat(bed.engine().state().recentConflicts(5)).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("first_name");
            assertThat(c.crmValue()).isEqualTo("CrmOlder");
            assertThat(c.ctctValue()).isEqualTo("CtctNewer");
            assertThat(c.winner()).isEqualTo(ConflictWinner.CTCT);
        });
    }

    @Test
    void should_flag_the_crm_record_when_constant_contact_deletes_and_unsubscribe_when_the_crm_deletes() {
        String a = subscribedId();
        String contactA = ctctOf(a).contactId();
        bed.engine().ctct().awaitActivity(bed.engine().ctct().startDelete(List.of(contactA)));

        both();
        assertThat(crmRow(a).get("deleted")).isEqualTo(true);
        assertThat(crmRow(a).get("opt_out")).as("deleted is not unsubscribed").isEqualTo(false);

        List<SyncSummary> again = both();
        assertThat(total(again, Counter.DELETED) + total(again, Counter.UNSUBSCRIBED)).as("no echo").isZero();

        String b = subscribedId();
        bed.crm().delete(b);
        List<SyncSummary> crmDelete = both();
        assertThat(total(crmDelete, Counter.UNSUBSCRIBED)).isEqualTo(1);
        assertThat(ctctOf(b).unsubscribed()).as("default sync.ctct.delete-policy is unsubscribe").isTrue();
    }
}
