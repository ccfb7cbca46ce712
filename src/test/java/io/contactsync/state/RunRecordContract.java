package io.contactsync.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.CTCT_TO_CRM;
import static io.contactsync.state.Pages.T0;
import static io.contactsync.state.Pages.link;
import static io.contactsync.state.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run records as every state store database must keep them (schema V5; mixed into {@link StateStoreContract}, so it
 * runs on H2 and PostgreSQL): queued runs, their start or refusal, live progress written with a page commit, and
 * queued runs of a dead process marked abandoned.
 */
interface RunRecordContract {

    Duration LEASE_TTL = Duration.ofSeconds(60);

    JdbcStateStore store();

    @Test
    default void should_keep_a_queued_run_with_its_trigger_until_it_begins_running() {
        long id = store().queueRun(CRM_TO_CTCT, "admin", "host-a/1#a", T0);

        RunRecord queued = store().run(id).orElseThrow();
        boolean begun = store().beginRun(id, T0.plusSeconds(5));
        RunRecord running = store().run(id).orElseThrow();

        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.trigger()).isEqualTo("admin");
        assertThat(begun).isTrue();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store().beginRun(id, T0.plusSeconds(6))).as("only a queued run begins").isFalse();
        assertThat(store().openRuns(CRM_TO_CTCT)).extracting(RunRecord::id).containsExactly(id);
        assertThat(store().run(id + 1000)).isEmpty();
    }

    @Test
    default void should_end_a_queued_run_refused_with_its_reason_and_leave_a_running_one_alone() {
        long queued = store().queueRun(CRM_TO_CTCT, "page", "host-a/1#a", T0);
        long running = store().startRun(CTCT_TO_CRM, T0, "cli");

        store().refuseRun(queued, T0.plusSeconds(1), "refused: held by host-b/2#b");
        store().refuseRun(running, T0.plusSeconds(1), "must not apply");

        assertThat(store().run(queued).orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.REFUSED);
            assertThat(r.error()).contains("host-b/2#b");
            assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(store().run(running).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store().run(running).orElseThrow().trigger()).isEqualTo("cli");
    }

    @Test
    default void should_write_the_runs_progress_in_the_page_commit_and_keep_counts_in_their_order() {
        long id = store().startRun(CRM_TO_CTCT, T0, "cli");
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("read", 500L);
        counts.put("created", 480L);
        counts.put("parked", 2L);

        store().commit(page().link(link("1", "c-1", "a@x.org")).checkpoint(CRM_TO_CTCT, T0, "1").build()
                .withProgress(new RunProgress(id, CRM_TO_CTCT, T0, 1, counts, 7, 2_000L, T0.plusSeconds(9))));
        RunRecord r = store().run(id).orElseThrow();

        assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(r.pages()).isEqualTo(1);
        assertThat(r.counts()).containsEntry("read", 500L).containsEntry("created", 480L).containsEntry("parked", 2L);
        assertThat(r.apiCalls()).isEqualTo(7);
        assertThat(r.expectedTotal()).isEqualTo(2_000L);
        assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(store().linkCount()).as("the page itself committed too").isEqualTo(1);
    }

    @Test
    default void should_mark_the_queued_runs_of_a_dead_holder_abandoned_and_spare_those_of_a_live_one() {
        // host-a queued a run and died (never renewed it); host-b still waits for its turn and renews its run.
        long deadQueued = store().queueRun(CRM_TO_CTCT, "admin", "host-a/1#a", T0);
        long liveQueued = store().queueRun(CRM_TO_CTCT, "admin", "host-b/2#b", T0);
        long mine = store().queueRun(CRM_TO_CTCT, "admin", "host-c/3#c", T0);
        store().touchQueuedRuns(java.util.List.of(liveQueued), T0.plusSeconds(50));

        LeaseOutcome taken = store().tryAcquireLease(CRM_TO_CTCT, "host-c/3#c", LEASE_TTL, T0.plusSeconds(61));

        assertThat(taken).isInstanceOfSatisfying(LeaseOutcome.Acquired.class,
                a -> assertThat(a.abandonedRuns()).containsExactly(deadQueued));
        assertThat(store().run(deadQueued).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(store().run(liveQueued).orElseThrow().status()).as("renewed within the ttl").isEqualTo(RunStatus.QUEUED);
        assertThat(store().run(mine).orElseThrow().status()).as("the taker's own queued run").isEqualTo(RunStatus.QUEUED);
    }

    @Test
    default void should_not_take_a_fresh_queued_run_for_dead_when_a_lease_is_taken() {
        long queued = store().queueRun(CTCT_TO_CRM, "page", "host-a/1#a", T0);

        store().tryAcquireLease(CTCT_TO_CRM, "host-b/2#b", LEASE_TTL, T0.plusSeconds(30));

        assertThat(store().run(queued).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    }
}
