package io.contactsync.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.app.ContactSyncMain;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.LeaseOutcome;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code resync} and {@code status} from the command line, against the sandbox and H2 files. */
class AdminCommandsIT {

    private static final int CONTACTS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        bed.stopEngine();
        config = bed.writeConfig();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private int run(String... args) {
        return new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void should_reread_everything_without_duplicates_when_resync_full_runs() throws Exception {
        long before = bed.stats().path("contacts").path("total").asLong();

        int code = run("resync", "--full", "--direction", "crm-to-ctct", "--json", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.path("read").asLong()).as("checkpoint moved back: everything re-read").isEqualTo(CONTACTS);
        assertThat(summary.path("created").asLong()).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("no duplicates").isEqualTo(before);
        assertThat(bed.engine().state().lastRuns(10)).hasSize(2);
    }

    @Test
    void should_set_the_checkpoint_to_since_before_the_cycle_when_resync_since_runs() {
        int code = run("resync", "--since", "2000-01-01T00:00:00Z", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("crm-to-ctct: succeeded");
        Checkpoint c = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        assertThat(c.position()).as("the cycle moved it forward again").isAfter(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(bed.engine().state().lastRuns(1).get(0).counts().get("read")).isEqualTo(CONTACTS);
    }

    @Test
    void should_exit_2_with_a_clear_message_when_resync_arguments_are_bad() {
        assertThat(run("resync", "--config", config.toString())).isEqualTo(2);
        assertThat(run("resync", "--full", "--since", "2024-01-01T00:00:00Z")).isEqualTo(2);
        assertThat(run("resync", "--since", "last tuesday", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--since: 'last tuesday' is not an ISO-8601 instant");
        assertThat(run("resync", "--full", "--direction", "sideways", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--direction: unknown direction 'sideways'");
        assertThat(bed.engine().state().lastRuns(10)).as("nothing ran").hasSize(1);
    }

    @Test
    void should_exit_2_and_leave_the_checkpoint_when_resync_since_is_in_the_future() {
        Checkpoint before = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();

        int code = run("resync", "--since", "2099-01-01T00:00:00Z", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--since: '2099-01-01T00:00:00Z' is in the future");
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow()).isEqualTo(before);
        assertThat(bed.engine().state().lastRuns(10)).as("nothing ran").hasSize(1);
    }

    @Test
    void should_show_checkpoints_and_runs_when_status_json_runs() throws Exception {
        int code = run("status", "--json", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode status = JSON.readTree(out.toString());
        assertThat(status.path("flows").path("crm-to-ctct").path("checkpoint").path("position").asText()).isNotEmpty();
        assertThat(status.path("flows").path("crm-to-ctct").path("running").asBoolean()).isFalse();
        assertThat(status.path("flows").path("ctct-to-crm").path("checkpoint").isNull()).isTrue();
        assertThat(status.path("runs")).hasSize(1);
        assertThat(status.path("runs").get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(status.path("runs").get(0).path("counts").path("created").asLong()).isEqualTo(CONTACTS);
        assertThat(status.path("links").asLong()).isEqualTo(CONTACTS);
    }

    @Test
    void should_exit_4_naming_the_holder_and_touch_nothing_when_another_process_holds_the_flow() throws Exception {
        Checkpoint before = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        bed.stopEngine();
        try (JdbcStateStore otherProcess = JdbcStateStore.open(stateUrl(), null, null)) {
            Instant since = Instant.now();
            assertThat(otherProcess.tryAcquireLease("crm-to-ctct", "other-host/4242#busy", Duration.ofMinutes(2), since))
                    .isInstanceOf(LeaseOutcome.Acquired.class);

            int sync = run("sync", "--direction", "crm-to-ctct", "--config", config.toString());
            int resync = run("resync", "--full", "--direction", "crm-to-ctct", "--config", config.toString());
            int status = run("status", "--json", "--config", config.toString());

            assertThat(sync).as(err.toString()).isEqualTo(ContactSyncMain.EXIT_BUSY);
            assertThat(resync).as(err.toString()).isEqualTo(ContactSyncMain.EXIT_BUSY);
            assertThat(err.toString()).contains("error: a crm-to-ctct cycle is already running: held by other-host/4242#busy"
                    + " since " + since.truncatedTo(ChronoUnit.MICROS));
            assertThat(status).as(err.toString()).isZero();
            JsonNode flow = JSON.readTree(out.toString()).path("flows").path("crm-to-ctct");
            assertThat(flow.path("running").asBoolean()).isTrue();
            assertThat(flow.path("lease").path("holder").asText()).isEqualTo("other-host/4242#busy");
            assertThat(otherProcess.checkpoint(Flow.CRM_TO_CTCT.id())).as("resync reset nothing").contains(before);
            assertThat(otherProcess.lastRuns(10)).as("nothing ran").hasSize(1);
        }
    }

    @Test
    void should_mark_the_dead_run_abandoned_and_show_it_in_status_when_a_crashed_holders_lease_expired() throws Exception {
        bed.stopEngine();
        long deadRun;
        try (JdbcStateStore crashed = JdbcStateStore.open(stateUrl(), null, null)) {
            Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
            crashed.tryAcquireLease("crm-to-ctct", "gone-host/1#crashed", Duration.ofMinutes(2), longAgo);
            deadRun = crashed.startRun("crm-to-ctct", longAgo);
        }

        int sync = run("sync", "--direction", "crm-to-ctct", "--config", config.toString());
        out.getBuffer().setLength(0);
        int status = run("status", "--json", "--config", config.toString());

        assertThat(sync).as(err.toString()).isZero();
        assertThat(status).as(err.toString()).isZero();
        JsonNode report = JSON.readTree(out.toString());
        JsonNode dead = null;
        for (JsonNode r : report.path("runs")) {
            if (r.path("id").asLong() == deadRun) {
                dead = r;
            }
        }
        assertThat(dead).isNotNull();
        assertThat(dead.path("status").asText()).isEqualTo("abandoned");
        assertThat(dead.path("finished_at").asText()).isNotEmpty();
        assertThat(dead.path("error").asText()).contains("gone-host/1#crashed");
        assertThat(report.path("flows").path("crm-to-ctct").path("lease").isNull()).as("released after the cycle").isTrue();
    }

    @Test
    void should_show_todays_shared_request_count_and_its_reset_when_status_runs() throws Exception {
        int code = run("status", "--json", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode budget = JSON.readTree(out.toString()).path("api_budget");
        assertThat(budget.path("used").asLong()).as("requests the earlier engine sent, counted in the store").isPositive();
        assertThat(budget.path("left").asLong()).isEqualTo(budget.path("daily_quota").asLong() - budget.path("used").asLong());
        assertThat(budget.path("resets_at").asText()).endsWith("T00:00:00Z");
    }

    private String stateUrl() {
        return "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
    }

    @Test
    void should_print_a_readable_table_when_status_runs_without_json() {
        int code = run("status", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Checkpoints", "Last runs", "crm-to-ctct", "succeeded", "Links: " + CONTACTS);
    }
}
