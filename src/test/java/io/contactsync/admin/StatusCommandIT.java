package io.contactsync.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.contactsync.app.ContactSyncMain;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code status} prints each run's error text and the parked records with their reasons, and runs on a machine that
 * has only the state store's settings: no Constant Contact client id, secret or refresh token anywhere.
 */
class StatusCommandIT {

    @TempDir
    Path dir;
    Testbed bed;

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_show_run_errors_and_parked_records_without_any_constant_contact_secret() throws Exception {
        for (String secret : new String[] {"CTCT_CLIENT_ID", "CTCT_CLIENT_SECRET", "CTCT_REFRESH_TOKEN"}) {
            assumeThat(System.getenv(secret)).as(secret + " must be unset for this test to prove anything").isNull();
        }
        bed = Testbed.start(dir).set("sync.redrive.max-attempts", "1").set("sync.ctct.max-retries", "0");
        bed.seed(3);
        bed.createTierField();
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 100}").requireOk();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.PARTIAL);
        bed.control().clearFaults().requireOk();
        bed.control().addFaults("{\"endpoint\": \"GET /v3/*\", \"status\": 500}").requireOk();
        assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).isEqualTo(RunStatus.FAILED);
        RunRecord failed = bed.engine().state().lastRuns(1).get(0);
        assertThat(failed.error()).isNotBlank();
        bed.stopEngine();
        // Only where the state store is: the default config/application.properties still names the CTCT_* variables.
        Path config = Files.writeString(dir.resolve("status-only.properties"),
                "sync.state.jdbc.url=jdbc:h2:file:" + dir.resolve("state").toAbsolutePath().toString().replace("\\", "\\\\") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("status", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).as("the failed run's whole error text").contains("error: " + failed.error());
        assertThat(text).contains("Parked records (3 of 3 shown").contains("deadletters list");
        assertThat(text).contains("activity").contains("never (out of attempts)");
        assertThat(text).as("no budget without a client id").doesNotContain("API requests today");
    }
}
