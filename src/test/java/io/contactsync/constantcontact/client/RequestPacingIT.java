package io.contactsync.constantcontact.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Counter;
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
 * pace keeps a whole two-way sync of 300 contacts inside them, so the sandbox never has to answer 429.
 */
class RequestPacingIT {

    private static final int CONTACTS = 300;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir, SandboxConfig.defaults());
        bed.seed(CONTACTS);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_never_be_throttled_when_a_300_contact_two_way_sync_runs_against_real_limits() {
        List<SyncSummary> runs = new ArrayList<>(twoWayAsOneShotRuns());
        editBothSides(30);
        runs.addAll(twoWayAsOneShotRuns());

        long throttled = bed.stats().path("rate_limited").path("throttled").asLong();
        assertThat(runs).extracting(SyncSummary::status).containsOnly(RunStatus.SUCCEEDED);
        assertThat(runs.stream().mapToLong(r -> r.count(Counter.READ)).sum()).as("records read").isGreaterThan(CONTACTS);
        assertThat(throttled).as("429 throttled answers").isZero();
        assertThat(bed.stats().path("rate_limited").path("quota_exceeded").asLong()).as("quota exceeded answers").isZero();
    }

    /** Each flow on a new engine, as the one-shot {@code sync} command runs it (a fresh token refresh every time). */
    private List<SyncSummary> twoWayAsOneShotRuns() {
        List<SyncSummary> out = new ArrayList<>();
        for (Flow flow : Flow.bothInSafeOrder()) {
            bed.stopEngine();
            out.add(bed.sync(flow));
        }
        return out;
    }

    private void editBothSides(int each) {
        List<String> crmIds = IntStream.rangeClosed(1, 2 * each).mapToObj(i -> String.format("c%06d", i)).toList();
        Map<String, LinkedContact> links = bed.engine().state().linksByCrmIds(crmIds);
        assertThat(links).hasSize(crmIds.size());
        for (int i = 0; i < crmIds.size(); i++) {
            if (i % 2 == 0) {
                bed.crm().edit(crmIds.get(i), "city", "Lisbon");
            } else {
                bed.control().edit(links.get(crmIds.get(i)).contactId(), Map.of("last_name", "FromCtct")).requireOk();
            }
        }
    }
}
