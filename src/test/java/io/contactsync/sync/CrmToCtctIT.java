package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.FailureKind;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** CRM → Constant Contact through real HTTP to the sandbox, with the CRM and the state on H2 files. */
class CrmToCtctIT {

    private static final int CONTACTS = 60;
    private static final String IMPORTS = "POST /v3/activities/contacts_json_import";

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
            assertThat(bed.stats().path("truncations").asLong()).as("truncations").isZero();
        } finally {
            bed.close();
        }
    }

    private SyncSummary sync() {
        return bed.sync(Flow.CRM_TO_CTCT);
    }

    private CtctContact ctct(String email) {
        return bed.engine().ctct().findByEmail(email).orElseThrow(() -> new AssertionError("not in Constant Contact: " + email));
    }

    private List<Map<String, Object>> crm(String where) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id, email, first_name, tier, email_opt_out FROM crm_contact WHERE " + where + " ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(Map.of("id", rs.getString(1), "email", rs.getString(2), "first_name", String.valueOf(rs.getString(3)),
                        "tier", String.valueOf(rs.getString(4)), "opt_out", rs.getBoolean(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void should_put_every_crm_contact_into_constant_contact_with_fields_and_lists_when_the_first_cycle_runs() {
        SyncSummary s = sync();

        assertThat(s.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.READ)).isEqualTo(CONTACTS);
        assertThat(s.count(Counter.CREATED)).isEqualTo(CONTACTS);
        assertThat(s.count(Counter.PARKED)).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);

        Map<String, String> lists = bed.engine().ctct().listIdsByName();
        Map<String, Object> gold = crm("tier = 'gold'").get(0);
        CtctContact contact = ctct((String) gold.get("email"));
        assertThat(contact.vocabulary()).containsEntry("cf:tier", "gold").containsEntry("first_name", (String) gold.get("first_name"));
        assertThat(contact.vocabulary().get("list_ids")).contains(lists.get("Newsletter"), lists.get("VIP"));

        for (Map<String, Object> optedOut : crm("email_opt_out = TRUE")) {
            assertThat(ctct((String) optedOut.get("email")).unsubscribed()).as("opted out in the CRM").isTrue();
        }
    }

    @Test
    void should_make_no_import_call_when_a_second_cycle_finds_no_crm_change() {
        sync();
        long imports = bed.requests(IMPORTS);

        SyncSummary second = sync();

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.requests(IMPORTS)).isEqualTo(imports);
        assertThat(second.count(Counter.IMPORTED)).isZero();
        assertThat(second.count(Counter.ACTIVITIES)).isZero();
    }

    @Test
    void should_call_constant_contact_not_at_all_when_a_cycle_finds_no_crm_change() {
        sync();
        long before = bed.totalRequests();

        SyncSummary idle = sync();

        assertThat(idle.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(idle.count(Counter.UNCHANGED)).as("the overlap re-read them: %s", idle.line()).isPositive();
        assertThat(bed.totalRequests() - before).as("requests of an idle cycle: %s", idle.line()).isZero();

        // A real change after that still goes through.
        Map<String, Object> row = crm("email_opt_out = FALSE").get(0);
        bed.crm().edit((String) row.get("id"), "first_name", "Changed");
        SyncSummary changed = sync();
        assertThat(changed.count(Counter.UPDATED)).as(changed.line()).isEqualTo(1);
        assertThat(ctct((String) row.get("email")).vocabulary()).containsEntry("first_name", "Changed");
    }

    @Test
    void should_keep_one_contact_when_the_crm_changes_an_email() {
        sync();
        Map<String, Object> row = crm("email_opt_out = FALSE").get(0);
        String oldEmail = (String) row.get("email");
        String contactId = ctct(oldEmail).contactId();

        bed.crm().edit((String) row.get("id"), "email", "renamed." + oldEmail);
        SyncSummary s = sync();

        assertThat(s.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ctct("renamed." + oldEmail).contactId()).isEqualTo(contactId);
        assertThat(bed.engine().ctct().findByEmail(oldEmail)).isEmpty();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
    }

    @Test
    void should_unsubscribe_and_never_opt_back_in_when_the_crm_opts_out_and_later_edits_the_contact() {
        sync();
        Map<String, Object> row = crm("email_opt_out = FALSE").get(0);
        String id = (String) row.get("id");
        String email = (String) row.get("email");

        bed.crm().edit(id, "email_opt_out", true);
        SyncSummary optOut = sync();
        assertThat(optOut.count(Counter.UNSUBSCRIBED)).isEqualTo(1);
        assertThat(ctct(email).unsubscribed()).isTrue();

        bed.crm().edit(id, "email_opt_out", false);
        bed.crm().edit(id, "first_name", "Renamed");
        SyncSummary edit = sync();

        assertThat(edit.status()).isEqualTo(RunStatus.SUCCEEDED);
        CtctContact after = ctct(email);
        assertThat(after.unsubscribed()).as("consent is a one-way door").isTrue();
        assertThat(after.vocabulary()).containsEntry("first_name", "Renamed");
        assertThat(crm("id = '" + id + "'").get(0).get("opt_out")).as("the CRM is told").isEqualTo(true);
    }

    @Test
    void should_replay_without_duplicates_or_lost_changes_when_the_engine_crashes_between_import_post_and_commit() {
        bed.hook(point -> {
            if (point.equals("import-posted")) {
                throw new IllegalStateException("simulated crash after the import POST");
            }
        });
        SyncSummary crashed = sync();
        assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id())).isEmpty();
        bed.stopEngine();

        bed.hook(CycleHook.NONE);
        SyncSummary replay = sync();

        assertThat(replay.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.engine().state().pendingActivities(Flow.CRM_TO_CTCT.id())).isEmpty();
        assertThat(bed.engine().state().linkCount()).isEqualTo(CONTACTS);
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("no duplicate contact").isEqualTo(CONTACTS);
        for (Map<String, Object> row : crm("TRUE")) {
            assertThat(ctct((String) row.get("email")).vocabulary().get("first_name")).as("no lost change").isEqualTo(row.get("first_name"));
        }
    }

    @Test
    void should_rotate_refresh_tokens_and_keep_the_newest_when_cycles_run_in_separate_processes() {
        sync();
        String first = bed.engine().state().refreshToken(Testbed.CLIENT_ID).orElseThrow();
        assertThat(first).isNotEqualTo("sandbox-refresh-token");
        bed.stopEngine();
        // The stored access token would be reused for a day: expire it at the sandbox so the next process refreshes.
        bed.control().setClockOffset(86_400 + 60).requireOk();
        // A change to push: a cycle without one calls Constant Contact not at all, and so refreshes nothing.
        bed.crm().edit((String) crm("email_opt_out = FALSE").get(0).get("id"), "first_name", "Rotated");

        SyncSummary next = sync(); // the environment's token is spent: only the stored one works

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.engine().state().refreshToken(Testbed.CLIENT_ID).orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void should_park_a_bad_record_and_sync_the_rest_when_one_email_is_invalid() {
        String id = (String) crm("email_opt_out = FALSE").get(0).get("id");
        bed.crm().edit(id, "email", "not-an-email");

        SyncSummary s = sync();

        assertThat(s.status()).as("a run that left a record behind is not plain success").isEqualTo(RunStatus.PARTIAL);
        assertThat(s.count(Counter.PARKED)).isEqualTo(1);
        assertThat(s.count(Counter.TO_RETRY)).as("refused: waits for the record to change").isZero();
        assertThat(s.count(Counter.CREATED)).isEqualTo(CONTACTS - 1);
        assertThat(bed.engine().state().deadLetters(Flow.CRM_TO_CTCT.id(), 10))
                .singleElement().satisfies(d -> {
                    assertThat(d.recordKey()).isEqualTo(id);
                    assertThat(d.reason()).contains("invalid e-mail").doesNotContain("not-an-email");
                    assertThat(d.kind()).isEqualTo(FailureKind.PERMANENT);
                    assertThat(d.willRetry()).isFalse();
                });
    }
}
