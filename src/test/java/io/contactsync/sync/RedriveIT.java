package io.contactsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.contactsync.state.DeadLetter;
import io.contactsync.state.FailureKind;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing parked that could still succeed: failures injected through the sandbox's fault injector are re-driven by
 * the next cycles until every record lands, and a run that left records behind never reports plain success.
 */
class RedriveIT {

    private static final int CONTACTS = 40;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir).set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s");
        bed.seed(CONTACTS);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private List<DeadLetter> parked() {
        return bed.engine().state().deadLetters(Flow.CRM_TO_CTCT.id(), 1000);
    }

    @Test
    void should_retry_every_record_of_a_failed_import_activity_until_it_lands_and_say_partial_meanwhile() {
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 1}").requireOk();

        SyncSummary first = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(first.count(Counter.PARKED)).isPositive();
        assertThat(first.count(Counter.TO_RETRY)).isEqualTo(first.count(Counter.PARKED));
        assertThat(parked()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(d.nextAttemptAt()).isNotNull();
            assertThat(d.reason()).contains("activity").contains("failed");
        });
        long landed = bed.stats().path("contacts").path("total").asLong();
        assertThat(landed).isLessThan(CONTACTS);

        SyncSummary second = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(second.status()).as(second.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.count(Counter.REDRIVEN)).isEqualTo(first.count(Counter.PARKED));
        assertThat(parked()).as("every dead letter resolved").isEmpty();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        assertThat(bed.sync(Flow.CRM_TO_CTCT).count(Counter.IMPORTED)).as("and then nothing more to do").isZero();
    }

    @Test
    void should_retry_records_whose_import_post_never_got_through_when_retries_ran_out() {
        bed.set("sync.ctct.max-retries", "1");
        bed.stopEngine();
        bed.control().addFaults("{\"endpoint\": \"POST /v3/activities/contacts_json_import\", \"status\": 503}")
                .requireOk();

        SyncSummary first = bed.sync(Flow.CRM_TO_CTCT);
        bed.control().clearFaults().requireOk();

        assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(parked()).isNotEmpty().allSatisfy(d -> assertThat(d.kind()).isEqualTo(FailureKind.TRANSIENT));
        assertThat(bed.engine().state().pendingActivities(Flow.CRM_TO_CTCT.id())).as("no outbox entry left behind").isEmpty();

        SyncSummary second = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(second.status()).as(second.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(parked()).isEmpty();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
    }

    @Test
    void should_stop_retrying_after_the_configured_attempts_and_say_so() {
        bed.set("sync.redrive.max-attempts", "2");
        bed.stopEngine();
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 100}").requireOk();

        bed.sync(Flow.CRM_TO_CTCT);
        SyncSummary second = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(second.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(second.count(Counter.TO_RETRY)).isZero();
        assertThat(parked()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.willRetry()).isFalse();
        });
        assertThat(bed.sync(Flow.CRM_TO_CTCT).count(Counter.REDRIVEN)).as("no third attempt").isZero();
    }

    @Test
    void should_park_only_the_refused_row_and_land_the_rest_when_one_value_breaks_a_limit() throws SQLException, IOException {
        // The demo mapping truncates job_title; this one does not, as a user's mapping might not.
        String mapping = Files.readString(Path.of("mappings/contacts.yaml")).replace(
                "  - crm: job_title\n    ctct: job_title\n    transforms: [trim, {truncate: 50}]",
                "  - crm: job_title\n    ctct: job_title\n    transforms: [trim]");
        assertThat(mapping).contains("ctct: job_title\n    transforms: [trim]\n");
        Path file = Files.writeString(dir.resolve("no-truncate.yaml"), mapping);
        bed.set("sync.mapping.file", file.toString());
        bed.stopEngine();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE crm_contact SET job_title = ? WHERE id = 'c000007'")) {
            ps.setString(1, "Chief Executive Officer and Head of Everything Else in the Company");
            ps.executeUpdate();
        }

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(s.count(Counter.CREATED)).isEqualTo(CONTACTS - 1);
        assertThat(parked()).singleElement().satisfies(d -> {
            assertThat(d.recordKey()).isEqualTo("c000007");
            assertThat(d.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(d.reason()).contains("job_title longer than 50 characters").doesNotContain("Chief");
            assertThat(d.willRetry()).isFalse();
        });
    }
}
