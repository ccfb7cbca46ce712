package io.contactsync.constantcontact.client;

import java.nio.file.Path;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one end-to-end test at Constant Contact's real limits (the test bed turns them off elsewhere): the engine's
 * pace keeps a whole cycle inside them, so the sandbox never has to answer 429.
 */
class RequestPacingIT {

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir, SandboxConfig.defaults());
        bed.seed(20);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_stay_inside_the_rate_limits_when_a_cycle_runs_against_real_limits() {
        SyncSummary summary = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.stats().path("rate_limited").path("throttled").asLong()).as("429 throttled answers").isZero();
        assertThat(bed.stats().path("rate_limited").path("quota_exceeded").asLong()).as("quota exceeded answers").isZero();
    }
}
