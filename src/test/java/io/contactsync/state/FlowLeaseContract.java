package io.contactsync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.CTCT_TO_CRM;
import static io.contactsync.state.Pages.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow leases, as every state store database must keep them (mixed into {@link StateStoreContract}, so it runs on
 * H2 and PostgreSQL). Time is passed in, so expiry needs no sleeping.
 */
interface FlowLeaseContract {

    Duration TTL = Duration.ofSeconds(60);

    /** The test's store. */
    JdbcStateStore store();

    /** A second store on the same database (another process, as far as the database can tell). */
    JdbcStateStore openStore();

    @Test
    default void should_grant_the_lease_when_free_and_refuse_another_holder_while_it_lives() {
        LeaseOutcome first = store().tryAcquireLease(CRM_TO_CTCT, "host-a/1#a", TTL, T0);
        LeaseOutcome second = store().tryAcquireLease(CRM_TO_CTCT, "host-b/2#b", TTL, T0.plusSeconds(59));

        assertThat(first).isInstanceOfSatisfying(LeaseOutcome.Acquired.class, a -> {
            assertThat(a.previous()).isNull();
            assertThat(a.lease().expiresAt()).isEqualTo(T0.plus(TTL));
        });
        assertThat(second).isInstanceOfSatisfying(LeaseOutcome.Held.class, h -> {
            assertThat(h.current().holder()).isEqualTo("host-a/1#a");
            assertThat(h.current().acquiredAt()).isEqualTo(T0);
        });
        assertThat(store().tryAcquireLease(CTCT_TO_CRM, "host-b/2#b", TTL, T0)).isInstanceOf(LeaseOutcome.Acquired.class);
    }

    @Test
    default void should_keep_the_lease_alive_when_its_holder_heartbeats() {
        store().tryAcquireLease(CRM_TO_CTCT, "a", TTL, T0);

        boolean renewed = store().heartbeatLease(CRM_TO_CTCT, "a", 42L, TTL, T0.plusSeconds(50));
        boolean stranger = store().heartbeatLease(CRM_TO_CTCT, "b", null, TTL, T0.plusSeconds(50));

        assertThat(renewed).isTrue();
        assertThat(stranger).isFalse();
        assertThat(store().lease(CRM_TO_CTCT)).hasValueSatisfying(l -> {
            assertThat(l.runId()).isEqualTo(42L);
            assertThat(l.heartbeatAt()).isEqualTo(T0.plusSeconds(50));
            assertThat(l.expiresAt()).isEqualTo(T0.plusSeconds(110));
        });
        assertThat(store().tryAcquireLease(CRM_TO_CTCT, "b", TTL, T0.plusSeconds(100))).isInstanceOf(LeaseOutcome.Held.class);
        assertThat(store().tryAcquireLease(CRM_TO_CTCT, "b", TTL, T0.plusSeconds(111))).isInstanceOf(LeaseOutcome.Acquired.class);
    }

    @Test
    default void should_mark_the_dead_holders_run_abandoned_when_its_expired_lease_is_taken_over() {
        store().tryAcquireLease(CRM_TO_CTCT, "host-a/1#a", TTL, T0);
        long deadRun = store().startRun(CRM_TO_CTCT, T0);
        long otherFlowRun = store().startRun(CTCT_TO_CRM, T0);
        store().heartbeatLease(CRM_TO_CTCT, "host-a/1#a", deadRun, TTL, T0.plusSeconds(20));
        Instant later = T0.plusSeconds(81);

        LeaseOutcome taken = store().tryAcquireLease(CRM_TO_CTCT, "host-b/2#b", TTL, later);

        assertThat(taken).isInstanceOfSatisfying(LeaseOutcome.Acquired.class, a -> {
            assertThat(a.previous().holder()).isEqualTo("host-a/1#a");
            assertThat(a.abandonedRuns()).containsExactly(deadRun);
        });
        RunRecord dead = run(deadRun);
        assertThat(dead.status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(dead.finishedAt()).isEqualTo(later);
        assertThat(dead.error()).contains("host-a/1#a").contains("stopped renewing").contains("host-b/2#b");
        assertThat(run(otherFlowRun).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store().lease(CRM_TO_CTCT)).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("host-b/2#b"));
    }

    @Test
    default void should_free_the_flow_when_its_holder_releases_and_ignore_a_release_by_another() {
        store().tryAcquireLease(CRM_TO_CTCT, "a", TTL, T0);

        store().releaseLease(CRM_TO_CTCT, "b");
        assertThat(store().lease(CRM_TO_CTCT)).isPresent();
        store().releaseLease(CRM_TO_CTCT, "a");

        assertThat(store().lease(CRM_TO_CTCT)).isEmpty();
        assertThat(store().tryAcquireLease(CRM_TO_CTCT, "b", TTL, T0.plusSeconds(1))).isInstanceOf(LeaseOutcome.Acquired.class);
    }

    @Test
    default void should_let_exactly_one_win_when_many_acquire_a_free_lease_at_once() throws Exception {
        assertExactlyOneWinner(T0);
    }

    @Test
    default void should_let_exactly_one_win_when_many_take_over_an_expired_lease_at_once() throws Exception {
        store().tryAcquireLease(CRM_TO_CTCT, "dead", TTL, T0);
        assertExactlyOneWinner(T0.plus(TTL).plusSeconds(1));
    }

    private void assertExactlyOneWinner(Instant now) throws Exception {
        int contenders = 8;
        try (JdbcStateStore other = openStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(contenders);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<LeaseOutcome>> outcomes = new java.util.ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    JdbcStateStore s = i % 2 == 0 ? store() : other;
                    String holder = "contender-" + i;
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return s.tryAcquireLease(CRM_TO_CTCT, holder, TTL, now);
                    }));
                }
                go.countDown();
                long winners = 0;
                for (Future<LeaseOutcome> f : outcomes) {
                    if (f.get(30, TimeUnit.SECONDS) instanceof LeaseOutcome.Acquired) {
                        winners++;
                    }
                }
                assertThat(winners).isEqualTo(1);
                assertThat(store().lease(CRM_TO_CTCT)).hasValueSatisfying(l -> assertThat(l.holder()).startsWith("contender-"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private RunRecord run(long id) {
        return store().lastRuns(100).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }
}
