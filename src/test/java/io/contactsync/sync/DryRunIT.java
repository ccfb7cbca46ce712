package io.contactsync.sync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sync --dry-run} end to end: with changes waiting on both sides (an edit, a blanked field and an opt-out in
 * the CRM, an edit and an unsubscribe in Constant Contact, a conflict), the dry run writes nothing anywhere — the CRM
 * table, every Constant Contact contact and every state-store table but the request budget and the OAuth tokens are
 * equal before and after — and its plan file lists each planned write with its values before and after, which the
 * real cycle that follows then makes.
 */
class DryRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The request budget and the OAuth tokens move with every request, a dry run's reads included. */
    private static final Set<String> ACCOUNTING = Set.of("API_BUDGET", "OAUTH_TOKEN");

    @TempDir
    Path dir;
    Testbed bed;
    List<String> ids = new ArrayList<>();
    List<String> emails = new ArrayList<>();

    @BeforeEach
    void start() throws SQLException {
        bed = Testbed.start(dir);
        bed.seed(40);
        bed.createTierField();
        sql("UPDATE crm_contact SET email = 'p' || id || '@example.com', email_opt_out = FALSE, first_name = 'First' || id,"
                + " last_name = 'Last' || id, company = 'Acme', job_title = 'Chef', deleted = FALSE");
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, email FROM crm_contact ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
                emails.add(rs.getString(2));
            }
        }
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    /** Changes on both sides: an edit, a blanked field and an opt-out in the CRM; an edit, an unsubscribe, a conflict. */
    private void changeBothSides() throws InterruptedException {
        bed.crm().edit(ids.get(0), "first_name", "Katie");
        bed.crm().edit(ids.get(1), "company", null);
        bed.crm().edit(ids.get(2), "email_opt_out", true);
        bed.crm().edit(ids.get(5), "last_name", "FromCrm");
        Thread.sleep(1_100); // Constant Contact stamps whole seconds: its edit must be the newer one
        bed.control().edit(contactId(3), Map.of("job_title", "Baker")).requireOk();
        bed.control().unsubscribe(contactId(4)).requireOk();
        bed.control().edit(contactId(5), Map.of("last_name", "FromCtct")).requireOk();
        bed.stopEngine();
    }

    @Test
    void should_undo_a_pull_in_the_crm_except_what_changed_since_and_keep_the_opt_out() throws Exception {
        for (int i = 10; i < 15; i++) {
            bed.control().edit(contactId(i), Map.of("job_title", "Baker")).requireOk();
        }
        bed.control().unsubscribe(contactId(15)).requireOk();
        SyncSummary pull = bed.sync(Flow.CTCT_TO_CRM);
        assertThat(crm(ids.get(10), "job_title")).isEqualTo("Baker");
        bed.crm().edit(ids.get(14), "job_title", "Cook"); // changed in the CRM after the run: not undone

        Testbed.Cli undo = bed.cli("undo", Long.toString(pull.runId()), "--apply");

        assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("4 contact(s) to restore in the CRM").contains("job_title 'Baker' -> 'Chef'")
                .contains("not restored, 1: job_title changed since run " + pull.runId())
                .contains("not restored, 1: stays unsubscribed: contact-sync never re-subscribes anyone");
        for (int i = 10; i < 14; i++) {
            assertThat(crm(ids.get(i), "job_title")).isEqualTo("Chef");
        }
        assertThat(crm(ids.get(14), "job_title")).isEqualTo("Cook");
        assertThat(crm(ids.get(15), "email_opt_out")).isEqualTo("TRUE");
        assertThat(bed.cli("undo", "999999").code()).as("a run the journal does not know").isEqualTo(1);
        // The next push carries the restore to Constant Contact: both sides as before the run.
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ctct(10).vocabulary().get("job_title")).isEqualTo("Chef");
        assertThat(ctct(14).vocabulary().get("job_title")).as("the CRM's later edit").isEqualTo("Cook");
    }

    @Test
    void should_undo_a_push_with_an_email_change_and_say_what_it_leaves() throws Exception {
        String oldEmail = emails.get(20);
        bed.crm().edit(ids.get(20), "email", "renamed-" + oldEmail);
        bed.crm().edit(ids.get(21), "first_name", "Renamed");
        bed.crm().edit(ids.get(22), "email_opt_out", true);
        SyncSummary push = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(push.status()).as(push.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.engine().ctct().findByEmail("renamed-" + oldEmail)).isPresent();

        Testbed.Cli undo = bed.cli("undo", Long.toString(push.runId()), "--apply");

        assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("2 contact(s) to restore in Constant Contact")
                .contains("not restored, 1: stays unsubscribed");
        assertThat(bed.engine().ctct().findByEmail(oldEmail)).as("the e-mail is back").isPresent();
        assertThat(ctct(21).vocabulary().get("first_name")).isEqualTo("First" + ids.get(21));
        assertThat(ctct(22).unsubscribed()).isTrue();
    }

    @Test
    void should_apply_exactly_the_plan_and_nothing_that_changed_after_it() throws Exception {
        changeBothSides();
        Path plan = dir.resolve("plan.json");
        assertThat(bed.cli("sync", "--dry-run", "--plan", plan.toString()).code()).isZero();
        // After the plan: an edit nobody planned, which apply must leave for a later cycle.
        bed.crm().edit(ids.get(9), "first_name", "Unplanned");
        String unplannedBefore = ctct(9).vocabulary().get("first_name");
        String checkpointBefore = String.valueOf(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()));

        Testbed.Cli apply = bed.cli("apply", plan.toString());

        assertThat(apply.code()).as(apply.out() + apply.err()).isZero();
        assertThat(ctct(0).vocabulary().get("first_name")).isEqualTo("Katie");
        assertThat(ctct(1).vocabulary().getOrDefault("company_name", "")).isEmpty();
        assertThat(ctct(2).unsubscribed()).isTrue();
        assertThat(crm(ids.get(3), "job_title")).isEqualTo("Baker");
        assertThat(crm(ids.get(4), "email_opt_out")).isEqualTo("TRUE");
        assertThat(crm(ids.get(5), "last_name")).isEqualTo("FromCtct");
        assertThat(ctct(9).vocabulary().get("first_name")).as("not in the plan").isEqualTo(unplannedBefore);
        assertThat(String.valueOf(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()))).isEqualTo(checkpointBefore);
        assertThat(bed.engine().state().lastRuns(1).get(0).trigger()).isEqualTo("apply");
        assertThat(bed.cli("sync").code()).as("the unplanned edit lands with the next cycle").isZero();
        assertThat(ctct(9).vocabulary().get("first_name")).isEqualTo("Unplanned");
    }

    @Test
    void should_refuse_to_apply_a_plan_whose_record_changed_since_and_name_it() throws Exception {
        changeBothSides();
        Path plan = dir.resolve("plan.json");
        assertThat(bed.cli("sync", "--dry-run", "--plan", plan.toString()).code()).isZero();
        bed.crm().edit(ids.get(0), "first_name", "Kathryn");
        String blankedBefore = ctct(1).vocabulary().get("company_name");

        Testbed.Cli apply = bed.cli("apply", plan.toString());

        assertThat(apply.code()).as(apply.out() + apply.err()).isEqualTo(io.contactsync.app.ApplyCommand.EXIT_PLAN_CHANGED);
        assertThat(apply.out()).contains("apply refused").contains(ids.get(0)).contains("the CRM record changed")
                .doesNotContain("Kathryn");
        assertThat(ctct(0).vocabulary().get("first_name")).isEqualTo("First" + ids.get(0));
        assertThat(ctct(1).vocabulary().get("company_name")).as("nothing of crm-to-ctct written").isEqualTo(blankedBefore);
    }

    @Test
    void should_write_nothing_anywhere_and_plan_exactly_what_the_next_cycle_writes() throws Exception {
        changeBothSides();
        String crmBefore = dumpCrm();
        Map<String, String> ctctBefore = dumpCtct();
        String stateBefore = dumpState();
        Path plan = dir.resolve("plans").resolve("plan.json");

        Testbed.Cli dry = bed.cli("sync", "--dry-run", "--plan", plan.toString());

        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("ctct-to-crm (dry run)").contains("crm-to-ctct (dry run)").contains("Nothing was written");
        assertThat(dry.out()).as("values only in the file").doesNotContain("Katie").doesNotContain(emails.get(0));
        assertThat(dumpCrm()).isEqualTo(crmBefore);
        assertThat(dumpCtct()).isEqualTo(ctctBefore);
        assertThat(dumpState()).isEqualTo(stateBefore);
        assertThat(Files.getPosixFilePermissions(plan)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        JsonNode file = JSON.readTree(plan.toFile());
        assertThat(file.path("format").asInt()).isEqualTo(1);
        JsonNode push = entry(file, "crm-to-ctct", ids.get(0));
        assertThat(push.path("action").asText()).isEqualTo("update");
        assertThat(field(push, "first_name")).isEqualTo("First" + ids.get(0) + " -> Katie");
        assertThat(field(entry(file, "crm-to-ctct", ids.get(1)), "company_name")).isEqualTo("Acme -> ");
        assertThat(entry(file, "crm-to-ctct", ids.get(2)).path("consent").asText()).contains("subscribed -> unsubscribed");
        assertThat(field(entry(file, "ctct-to-crm", ids.get(3)), "job_title")).isEqualTo("Chef -> Baker");
        assertThat(entry(file, "ctct-to-crm", ids.get(4)).path("consent").asText()).contains("opt-out flag is set");
        JsonNode conflict = entry(file, "ctct-to-crm", ids.get(5)).path("conflicts").get(0);
        assertThat(conflict.path("field").asText()).isEqualTo("last_name");
        assertThat(conflict.path("winner").asText()).isEqualTo("ctct");
        JsonNode pushSummary = summary(file, "crm-to-ctct");
        assertThat(pushSummary.path("estimated_calls").asLong()).isPositive();
        assertThat(file.path("budget").path("daily_quota").asLong()).isPositive();

        assertThat(bed.cli("sync").code()).isZero();

        assertThat(ctct(0).vocabulary().get("first_name")).isEqualTo("Katie");
        assertThat(ctct(1).vocabulary().getOrDefault("company_name", "")).isEmpty();
        assertThat(ctct(2).unsubscribed()).isTrue();
        assertThat(crm(ids.get(3), "job_title")).isEqualTo("Baker");
        assertThat(crm(ids.get(4), "email_opt_out")).isEqualTo("TRUE");
        assertThat(crm(ids.get(5), "last_name")).isEqualTo("FromCtct");
    }

    private static JsonNode entry(JsonNode file, String flow, String crmId) {
        for (JsonNode e : file.path("entries")) {
            if (e.path("flow").asText().equals(flow) && crmId.equals(e.path("crmId").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + flow + " entry for CRM record " + crmId + " in " + file.path("entries"));
    }

    private static String field(JsonNode entry, String name) {
        for (JsonNode f : entry.path("fields")) {
            if (f.path("field").asText().equals(name)) {
                return (f.path("before").isNull() ? "" : f.path("before").asText()) + " -> " + f.path("after").asText();
            }
        }
        throw new AssertionError("no field " + name + " in " + entry);
    }

    private static JsonNode summary(JsonNode file, String flow) {
        for (JsonNode f : file.path("flows")) {
            if (f.path("flow").asText().equals(flow)) {
                return f;
            }
        }
        throw new AssertionError("no summary of " + flow);
    }

    private String contactId(int i) {
        return ctct(i).contactId();
    }

    private CtctContact ctct(int i) {
        return bed.engine().ctct().findByEmail(emails.get(i)).orElseThrow();
    }

    private String crm(String id, String column) throws SQLException {
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM crm_contact WHERE id = '" + id + "'")) {
            rs.next();
            return String.valueOf(rs.getObject(1)).toUpperCase().equals("TRUE") ? "TRUE" : rs.getString(1);
        }
    }

    private String dumpCrm() throws SQLException {
        try (Connection c = bed.crmDataSource().getConnection()) {
            return dump(c, "CRM_CONTACT", "id");
        }
    }

    /** Every contact of the account (deleted ones too), as the engine reads them, by id. */
    private Map<String, String> dumpCtct() {
        Map<String, String> all = new TreeMap<>();
        ContactPage page = bed.engine().ctct().contactsUpdatedAfter(null, 500);
        while (true) {
            page.contacts().forEach(c -> all.put(c.contactId(), new TreeMap<>(c.vocabulary()) + " " + c.updatedAt() + " " + c.deleted()));
            if (page.nextHref() == null) {
                break;
            }
            page = bed.engine().ctct().nextContacts(page.nextHref());
        }
        bed.stopEngine();
        return all;
    }

    /** Every table of the state store but the accounting ones, row by row. */
    private String dumpState() throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath()
                + ";AUTO_SERVER=TRUE", "", "")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("CONTACT_SNAPSHOT", "CHECKPOINTS", "SYNC_RUN", "DEAD_LETTER");
            for (String t : tables.stream().sorted().toList()) {
                if (!ACCOUNTING.contains(t)) {
                    b.append(dump(c, t, "1")).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String dump(Connection c, String table, String orderBy) throws SQLException {
        StringBuilder b = new StringBuilder(table).append(":\n");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
            rows.stream().sorted().forEach(r -> b.append(r).append('\n'));
        }
        return b.toString();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
