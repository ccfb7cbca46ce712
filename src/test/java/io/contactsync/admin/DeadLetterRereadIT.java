package io.contactsync.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.contactsync.app.ContactSyncMain;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry of a ctct-to-crm dead letter: that flow cannot read one contact by key, so the retry removes its checkpoint
 * and its next cycle reads every contact again. Parked here by a CRM that refuses the value (a Constant Contact custom
 * field longer than the CRM column); the operator widens the column and retries; the next cycle applies it.
 */
class DeadLetterRereadIT {

    @TempDir
    Path dir;
    Testbed bed;

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    @Test
    void should_reread_every_contact_of_ctct_to_crm_when_one_of_its_dead_letters_is_retried() throws Exception {
        bed = Testbed.start(dir).set("sync.flow.overlap", "0s");
        bed.seed(3);
        bed.createTierField();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).isEqualTo(RunStatus.SUCCEEDED);
        String contactId = bed.engine().state().linksByCrmIds(List.of("c000001")).get("c000001").contactId();
        String tooLong = "platinum-".repeat(7);
        // Constant Contact's updated_at has whole seconds and the overlap is 0: the edit must land after the checkpoint.
        Thread.sleep(1500);
        bed.control().edit(contactId, Map.of("cf:tier", tooLong)).requireOk();

        SyncSummary refused = bed.sync(Flow.CTCT_TO_CRM);
        assertThat(refused.status()).as(refused.line()).isEqualTo(RunStatus.PARTIAL);
        DeadLetterEntry parked = bed.engine().state().deadLetterPage("ctct-to-crm", false, 1, 10).entries().get(0);
        assertThat(parked.letter().recordKey()).isEqualTo(contactId);
        assertThat(parked.letter().reason()).contains("CRM refused");
        try (Connection c = bed.crmDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE crm_contact ALTER COLUMN tier VARCHAR(100)");
        }
        SyncSummary alone = bed.sync(Flow.CTCT_TO_CRM);
        assertThat(alone.count(Counter.READ)).as("without a retry nothing reads that contact again").isZero();
        assertThat(bed.engine().state().deadLetter(parked.id(), false)).isPresent();
        bed.stopEngine();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("deadletters", "retry", Long.toString(parked.id()), "--config", bed.writeConfig().toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("checkpoint was removed");

        SyncSummary reread = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(reread.status()).as(reread.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(reread.count(Counter.READ)).as("every contact read again").isEqualTo(3);
        assertThat(bed.engine().state().deadLetter(parked.id(), false)).as("applied: resolved").isEmpty();
        assertThat(bed.engine().crm().findByIds(List.of("c000001")).get("c000001").fields().get("tier")).isEqualTo(tooLong);
    }
}
