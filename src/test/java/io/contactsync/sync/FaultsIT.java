package io.contactsync.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.FailureKind;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Convergence;
import io.contactsync.testbed.Testbed;
import io.contactsync.testbed.TwoWayScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of fault the sandbox can inject, during a two-way cycle with edits on both sides: while faults last,
 * records are synced, retried or parked (and a run that parked says partial); once they stop, at most two cycles
 * bring both sides in step with nothing parked, nothing duplicated, nobody re-subscribed, and a further cycle
 * writes nothing.
 */
class FaultsIT {

    private static final int CONTACTS = 20;

    @TempDir
    Path dir;
    Testbed bed;
    TwoWayScenario scenario;
    final List<SyncSummary> runs = new ArrayList<>();

    @AfterEach
    void stop() {
        if (bed != null) {
            try {
                assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
            } finally {
                bed.close();
            }
        }
    }

    private void start(SandboxConfig config) {
        bed = Testbed.start(dir, config)
                .set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s")
                .set("sync.ctct.backoff-initial", "20ms").set("sync.ctct.backoff-max", "200ms");
        if (!config.rateLimited()) {
            bed.set("sync.ctct.requests-per-second", "100");
        }
    }

    private void scenario() {
        scenario = new TwoWayScenario(bed).start(CONTACTS).editBothSides();
    }

    private List<SyncSummary> cycle() {
        List<SyncSummary> c = Convergence.cycle(bed);
        runs.addAll(c);
        return c;
    }

    /** Faults stopped: two cycles to converge, then quiet; nothing may stay parked (every fault was transient). */
    private void assertConvergedAfterFaults() {
        bed.control().clearFaults().requireOk();
        assertThat(runs).as("a run that parked is not plain success").allSatisfy(s -> {
            if (s.count(Counter.PARKED) > 0) {
                assertThat(s.status()).as(s.line()).isNotEqualTo(RunStatus.SUCCEEDED);
            }
        });
        Convergence.assertConverges(bed, 2, scenario.mustStayUnsubscribed());
        assertThat(Convergence.check(bed, scenario.mustStayUnsubscribed()).parked()).as("every transient failure re-driven").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            429 throttled on every endpoint, a few times   | [{"endpoint": "* /v3/*", "status": 429, "count": 8}]
            500 on a third of the requests                 | [{"endpoint": "* /v3/*", "status": 500, "probability": 0.3}]
            503 on every activity POST until retries end   | [{"endpoint": "POST /v3/activities/*", "status": 503}]
            503 on the contact reads until retries end     | [{"endpoint": "GET /v3/contacts*", "status": 503, "count": 6}]
            delays of 300 ms on a third of the requests    | [{"endpoint": "* /v3/*", "delay_ms": 300, "probability": 0.3}]
            dropped connections                            | [{"endpoint": "GET /v3/*", "timeout": true, "delay_ms": 100, "count": 3}, {"endpoint": "POST /v3/*", "timeout": true, "delay_ms": 100, "count": 2}, {"endpoint": "PUT /v3/*", "timeout": true, "delay_ms": 100, "count": 1}]
            failed activities                              | [{"activity_outcome": "failed", "count": 2}]
            timed-out activities                           | [{"activity_outcome": "timed_out", "count": 2}]
            e-mail change PUTs refused with 503            | [{"endpoint": "PUT /v3/contacts/*", "status": 503, "count": 6}]
            """)
    void should_converge_within_two_cycles_after_the_fault_stops(String name, String rules) {
        start(SandboxConfig.defaults().withRateLimited(false));
        bed.set("sync.ctct.max-retries", "2");
        scenario();
        bed.control().addFaults(rules).requireOk();

        cycle();
        cycle();

        assertConvergedAfterFaults();
    }

    @Test
    void should_stop_both_flows_lose_nothing_and_resume_the_next_day_when_the_daily_quota_is_spent() {
        start(SandboxConfig.defaults().withRateLimited(false));
        scenario();
        var ctctBefore = bed.engine().state().checkpoint(Flow.CTCT_TO_CRM.id()).orElseThrow();
        var crmBefore = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        // The day's quota is spent from the first request on: no count, it lasts until the faults are cleared.
        bed.control().addFaults("{\"endpoint\": \"* /v3/*\", \"status\": 429, \"error_key\": \"quota_exceeded\"}").requireOk();

        SyncSummary ctctToCrm = bed.sync(Flow.CTCT_TO_CRM);
        SyncSummary crmToCtct = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(List.of(ctctToCrm, crmToCtct)).allSatisfy(s -> {
            assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.STOPPED);
            assertThat(s.error()).contains("quota");
        });
        assertThat(bed.engine().state().checkpoint(Flow.CTCT_TO_CRM.id()).orElseThrow()).as("checkpoint kept").isEqualTo(ctctBefore);
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow()).as("checkpoint kept").isEqualTo(crmBefore);

        bed.control().clearFaults().requireOk();
        bed.nextDay(); // the stop lasts until 00:00 UTC for every process of the application
        assertConvergedAfterFaults();
    }

    @Test
    void should_stop_lose_nothing_and_resume_the_next_day_when_the_quota_runs_out_mid_cycle() {
        start(SandboxConfig.defaults().withRateLimited(false));
        scenario();
        var crmBefore = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        runs.add(bed.sync(Flow.CTCT_TO_CRM));
        bed.control().addFaults("{\"endpoint\": \"POST /v3/activities/contacts_json_import\", \"status\": 429, \"error_key\": \"quota_exceeded\"}").requireOk();

        SyncSummary midCycle = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(midCycle.status()).as(midCycle.line()).isEqualTo(RunStatus.STOPPED);
        assertThat(midCycle.error()).contains("quota");
        assertThat(bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow()).as("checkpoint kept").isEqualTo(crmBefore);
        bed.control().clearFaults().requireOk();
        bed.nextDay();
        assertConvergedAfterFaults();
    }

    @Test
    void should_refresh_the_token_and_go_on_when_constant_contact_rejects_it_mid_cycle() {
        start(SandboxConfig.defaults().withRateLimited(false));
        scenario();
        long tokensBefore = bed.stats().path("token_requests").asLong();
        bed.control().addFaults("[{\"endpoint\": \"GET /v3/contacts*\", \"status\": 401, \"count\": 1},"
                + " {\"endpoint\": \"POST /v3/activities/contacts_json_import\", \"status\": 401, \"count\": 1}]").requireOk();

        List<SyncSummary> c = cycle();

        assertThat(c).allSatisfy(s -> assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(bed.stats().path("token_requests").asLong()).as("refreshed after each 401").isGreaterThanOrEqualTo(tokensBefore + 2);
        assertConvergedAfterFaults();
    }

    @Test
    void should_fetch_a_new_token_and_go_on_when_the_access_token_expires_between_the_import_post_and_its_confirm() {
        AtomicBoolean armed = new AtomicBoolean();
        // Tokens live 3 s and are refreshed 1 s before they end (the default margin, 5 min, exceeds this TTL).
        start(SandboxConfig.defaults().withRateLimited(false).withTokenTtlSeconds(3));
        bed.set("sync.ctct.token-refresh-margin", "1s");
        bed.hook(p -> {
            if (p.equals("import-posted") && armed.compareAndSet(true, false)) {
                sleep(3_000); // the cached token ends while the import runs: the next call needs a new one
            }
        });
        scenario();
        long tokensBefore = bed.stats().path("token_requests").asLong();
        armed.set(true);

        List<SyncSummary> c = cycle();

        assertThat(armed).as("the import was posted").isFalse();
        assertThat(c).allSatisfy(s -> assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(bed.stats().path("token_requests").asLong()).as("a new token mid-cycle").isGreaterThan(tokensBefore);
        assertConvergedAfterFaults();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest(name = "restarted at {0}")
    @CsvSource({"ctct-to-crm:read", "import-posted", "crm-to-ctct:confirmed"})
    void should_converge_when_constant_contact_restarts_mid_cycle(String point) {
        AtomicBoolean armed = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        start(SandboxConfig.defaults().withRateLimited(false).withDataDir(dir.resolve("sandbox-data")));
        bed.hook(p -> {
            if (armed.get() && p.equals(point) && done.compareAndSet(false, true)) {
                bed.restartSandbox();
            }
        });
        scenario();
        armed.set(true);

        cycle();

        assertThat(done).as("restarted at %s", point).isTrue();
        assertConvergedAfterFaults();
    }
}
