package io.contactsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.admin.SummaryPrinter;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blast-radius guard end to end, over real HTTP to the sandbox, real H2 files and the real command line: a
 * mapping change that would blank first_name on 1,000 linked contacts and unsubscribe 300 others is held with nothing
 * written; {@code approve} lets exactly that plan through on the next cycle; {@code reject} parks its records instead.
 * In the other direction, Constant Contact's opt-outs reach the CRM even while a pull is held.
 */
class GuardIT {

    private static final int CONTACTS = 2_000;
    private static final int BLANKED = 1_000;
    private static final int OPTED_OUT = 300;
    private static final String IMPORTS = "POST /v3/activities/contacts_json_import";
    private static final String PUTS = "PUT /v3/contacts/{contact_id}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    /** CRM ids, in id order: the first BLANKED lose their first name, the next OPTED_OUT get the new opt-out flag. */
    List<String> ids;
    List<String> emails;

    @BeforeEach
    void start() throws SQLException {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        // One e-mail per record (the seeder makes some duplicates on purpose), every consent given, every field set.
        sql("UPDATE crm_contact SET email = 'p' || id || '@example.com', email_opt_out = FALSE, first_name = 'First' || id,"
                + " job_title = 'Chef', deleted = FALSE");
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        ids = new ArrayList<>();
        emails = new ArrayList<>();
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
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    @Test
    void should_hold_a_mapping_mistake_with_nothing_written_and_apply_exactly_its_plan_when_approved() throws Exception {
        long unsubscribedBefore = bed.stats().path("contacts").path("unsubscribed").asLong();
        String blankedEmail = emails.get(7);
        String optOutEmail = emails.get(BLANKED + 7);
        String firstNameBefore = ctct(blankedEmail).vocabulary().get("first_name");
        remapToNewColumns();
        long importsBefore = bed.requests(IMPORTS);
        long putsBefore = bed.requests(PUTS);

        Testbed.Cli resync = bed.cli("resync", "--full", "--direction", "crm-to-ctct");

        assertThat(resync.code()).as(resync.out() + resync.err()).isEqualTo(SummaryPrinter.EXIT_HELD);
        assertThat(resync.out()).contains("held").contains("would blank first_name on 1000 contacts (limit 100)")
                .contains("would unsubscribe 300 contacts (limit 100)");
        RunRecord held = bed.engine().state().lastRuns(1).get(0);
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        // Nothing of the batch reached Constant Contact, and the checkpoint the resync removed was not set again.
        assertThat(bed.requests(IMPORTS)).isEqualTo(importsBefore);
        assertThat(bed.requests(PUTS)).isEqualTo(putsBefore);
        assertThat(bed.stats().path("contacts").path("unsubscribed").asLong()).isEqualTo(unsubscribedBefore);
        assertThat(ctct(blankedEmail).vocabulary().get("first_name")).isEqualTo(firstNameBefore);
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id())).isEmpty();
        HeldPlan plan = bed.engine().state().heldPlan(held.id()).orElseThrow();
        assertThat(plan.effects()).hasSize(BLANKED + OPTED_OUT);

        bed.stopEngine();
        Testbed.Cli status = bed.cli("status", "--json");
        JsonNode shown = JSON.readTree(status.out()).path("held").get(0);
        assertThat(shown.path("run_id").asLong()).isEqualTo(held.id());
        assertThat(shown.path("status").asText()).isEqualTo("held");
        assertThat(shown.path("effects").toString()).contains("\"kind\":\"blank\",\"detail\":\"first_name\",\"count\":1000")
                .contains("\"kind\":\"unsubscribe\",\"detail\":\"\",\"count\":300");
        assertThat(status.out()).as("no value of a contact").doesNotContain(blankedEmail).doesNotContain(firstNameBefore);
        // A scheduled cycle meanwhile is held again on the same plan, without a second plan to decide.
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.HELD);
        assertThat(bed.engine().state().heldPlans(Flow.CRM_TO_CTCT.id(), List.of(HeldPlan.Status.HELD)))
                .extracting(HeldPlan::runId).containsExactly(held.id());
        bed.stopEngine();

        Testbed.Cli approve = bed.cli("approve", Long.toString(held.id()));
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("approved");
        assertThat(bed.cli("approve", Long.toString(held.id())).code()).as("decided once").isEqualTo(1);

        SyncSummary applied = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(applied.status()).as(applied.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.stats().path("contacts").path("unsubscribed").asLong()).isEqualTo(unsubscribedBefore + OPTED_OUT);
        assertThat(ctct(optOutEmail).unsubscribed()).isTrue();
        assertThat(ctct(blankedEmail).vocabulary().getOrDefault("first_name", "")).isEmpty();
        assertThat(ctct(emails.get(CONTACTS - 1)).vocabulary().get("first_name")).isEqualTo("Nick");
        assertThat(bed.engine().state().heldPlan(held.id()).orElseThrow().status()).isEqualTo(HeldPlan.Status.SPENT);
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).as("nothing left to do").isEqualTo(RunStatus.SUCCEEDED);

        // undo: first shown with nothing written, then made; the 300 stay unsubscribed, and it says so.
        Testbed.Cli show = bed.cli("undo", Long.toString(applied.runId()));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("undo of run " + applied.runId() + " (crm-to-ctct): " + CONTACTS
                + " contact(s) to restore in Constant Contact (reading them cost").contains("first_name '' -> '" + firstNameBefore + "'")
                .contains("not restored, " + OPTED_OUT + ": stays unsubscribed: contact-sync never re-subscribes anyone")
                .contains("Nothing was written");
        assertThat(ctct(blankedEmail).vocabulary().getOrDefault("first_name", "")).isEmpty();

        Testbed.Cli undo = bed.cli("undo", Long.toString(applied.runId()), "--apply");

        assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
        assertThat(ctct(blankedEmail).vocabulary().get("first_name")).isEqualTo(firstNameBefore);
        assertThat(ctct(optOutEmail).vocabulary().get("first_name")).isEqualTo("First" + ids.get(BLANKED + 7));
        assertThat(ctct(optOutEmail).unsubscribed()).as("never re-subscribed").isTrue();
        assertThat(bed.stats().path("contacts").path("unsubscribed").asLong()).isEqualTo(unsubscribedBefore + OPTED_OUT);
        RunRecord undoRun = bed.engine().state().lastRuns(1).get(0);
        assertThat(undoRun.trigger()).isEqualTo("undo");
        assertThat(bed.engine().state().journalOfRun(undoRun.id())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.why()).isEqualTo("undo"));
        assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).as("the CRM hears of the restore").isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        assertThat(ctct(optOutEmail).unsubscribed()).isTrue();
    }

    @Test
    void should_park_the_records_of_a_rejected_plan_and_write_the_rest_when_rejected() throws Exception {
        long unsubscribedBefore = bed.stats().path("contacts").path("unsubscribed").asLong();
        String blankedEmail = emails.get(3);
        String firstNameBefore = ctct(blankedEmail).vocabulary().get("first_name");
        remapToNewColumns();
        bed.engine().state().resetCheckpoint(Flow.CRM_TO_CTCT.id(), null);
        SyncSummary heldRun = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(heldRun.status()).isEqualTo(RunStatus.HELD);
        bed.stopEngine();

        Testbed.Cli reject = bed.cli("reject", Long.toString(heldRun.runId()));
        assertThat(reject.code()).as(reject.err()).isZero();
        SyncSummary after = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(after.status()).as(after.line()).isEqualTo(RunStatus.PARTIAL);
        assertThat(after.count(Counter.PARKED)).isEqualTo(BLANKED + OPTED_OUT);
        assertThat(bed.stats().path("contacts").path("unsubscribed").asLong()).isEqualTo(unsubscribedBefore);
        assertThat(ctct(blankedEmail).vocabulary().get("first_name")).isEqualTo(firstNameBefore);
        assertThat(ctct(emails.get(CONTACTS - 1)).vocabulary().get("first_name")).as("the rest was written").isEqualTo("Nick");
        assertThat(bed.engine().state().deadLetterPage(Flow.CRM_TO_CTCT.id(), false, 1, 5).entries().get(0).letter().reason())
                .contains("held run " + heldRun.runId() + " was rejected");
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id())).as("parked, so the checkpoint moves").isPresent();
    }

    @Test
    void should_carry_constant_contact_opt_outs_to_the_crm_even_while_a_pull_that_blanks_fields_is_held() throws Exception {
        assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        long optedOutBefore = count("SELECT COUNT(*) FROM crm_contact WHERE email_opt_out");
        List<String> contactIds = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            contactIds.add(ctct(emails.get(i)).contactId());
        }
        for (int i = 0; i < 150; i++) {
            bed.control().edit(contactIds.get(i), java.util.Map.of("job_title", "")).requireOk();
        }
        for (int i = 150; i < 160; i++) {
            bed.control().unsubscribe(contactIds.get(i)).requireOk();
        }

        SyncSummary pull = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(pull.status()).as(pull.line()).isEqualTo(RunStatus.HELD);
        assertThat(pull.error()).as(pull.line()).contains("would blank job_title on 150 contacts (limit 100)");
        assertThat(count("SELECT COUNT(*) FROM crm_contact WHERE email_opt_out")).as("consent flowed")
                .isEqualTo(optedOutBefore + 10);
        assertThat(count("SELECT COUNT(*) FROM crm_contact WHERE job_title IS NULL OR job_title = ''"))
                .as("no CRM field blanked").isZero();
        // The journal keeps those opt-outs too, though the run was held.
        assertThat(bed.engine().state().journal(List.of(), contactIds.subList(150, 160), List.of(), 100))
                .filteredOn(e -> "ctct-opt-out".equals(e.why())).hasSize(10)
                .allSatisfy(e -> assertThat(e.runId()).isEqualTo(pull.runId()));
    }

    /** The mapping mistake: first_name and the opt-out flag now come from two new CRM columns. */
    private void remapToNewColumns() throws IOException, SQLException {
        sql("ALTER TABLE crm_contact ADD COLUMN nickname VARCHAR(100)");
        sql("ALTER TABLE crm_contact ADD COLUMN do_not_mail BOOLEAN DEFAULT FALSE");
        sql("UPDATE crm_contact SET nickname = 'Nick' WHERE id >= '" + ids.get(BLANKED) + "'");
        sql("UPDATE crm_contact SET do_not_mail = TRUE WHERE id >= '" + ids.get(BLANKED) + "' AND id < '"
                + ids.get(BLANKED + OPTED_OUT) + "'");
        String mapping = Files.readString(Path.of("mappings/contacts.yaml"))
                .replace("  - crm: first_name\n    ctct: first_name", "  - crm: nickname\n    ctct: first_name")
                .replace("  - crm: email_opt_out\n    ctct: permission_to_send", "  - crm: do_not_mail\n    ctct: permission_to_send");
        assertThat(mapping).contains("crm: nickname").contains("crm: do_not_mail");
        Path file = Files.writeString(dir.resolve("remapped.yaml"), mapping);
        bed.stopEngine();
        bed.set("sync.mapping.file", file.toString());
    }

    private CtctContact ctct(String email) {
        return bed.engine().ctct().findByEmail(email).orElseThrow(() -> new AssertionError("not in Constant Contact"));
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
