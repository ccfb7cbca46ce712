package io.contactsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.LeaseOutcome;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two engines' {@link FlowRunner}s, each on its own {@link JdbcStateStore} (its own pool, as two processes would
 * have) on one database: the flow's lease, not the in-JVM lock, keeps them from running one flow at once.
 * Subclasses say which database.
 */
abstract class FlowRunnerLeaseContract {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new store on this test's database (the same database on every call). */
    protected abstract JdbcStateStore openStore();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }

    /** A flow whose cycle runs {@code body} as its route; its run record is opened like a real flow's. */
    private static final class FakeFlow implements CycleFlow<long[]> {
        private final JdbcStateStore state;

        FakeFlow(JdbcStateStore state) {
            this.state = state;
        }

        @Override
        public Flow flow() {
            return Flow.CRM_TO_CTCT;
        }

        @Override
        public long[] newCycle() {
            return new long[] {-1};
        }

        @Override
        public Long runId(long[] cycle) {
            return cycle[0] < 0 ? null : cycle[0];
        }

        @Override
        public SyncSummary abort(long[] cycle, Throwable error) {
            return new SyncSummary("crm-to-ctct", cycle[0], RunStatus.FAILED, Map.of(), 0, 0, error.getMessage());
        }
    }

    private record Engine(JdbcStateStore state, FlowRunner runner, FlowLeases leases) {
    }

    private Engine engine(Duration ttl, Clock clock, Runnable body) {
        JdbcStateStore state = openStore();
        opened.add(state);
        FlowLeases leases = new FlowLeases(state, ttl, clock);
        FakeFlow flow = new FakeFlow(state);
        FlowRunner runner = new FlowRunner((endpoint, cycle) -> {
            long[] c = (long[]) cycle;
            c[0] = state.startRun("crm-to-ctct", Instant.now());
            body.run();
            state.finishRun(new RunRecord(c[0], "crm-to-ctct", null, Instant.now(), RunStatus.SUCCEEDED, Map.of(), 0, 0, null));
            return new SyncSummary("crm-to-ctct", c[0], RunStatus.SUCCEEDED, Map.of(), 0, 0, null);
        }, leases, () -> { });
        runner.register(flow);
        opened.add(runner);
        return new Engine(state, runner, leases);
    }

    @Test
    void should_refuse_the_second_engine_naming_the_holder_and_keep_refusing_while_heartbeats_renew_the_lease()
            throws Exception {
        Duration ttl = Duration.ofMillis(600);
        CountDownLatch inCycle = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Engine first = engine(ttl, Clock.systemUTC(), () -> {
            inCycle.countDown();
            await(release);
        });
        Engine second = engine(ttl, Clock.systemUTC(), () -> { });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SyncSummary> running = pool.submit(() -> first.runner().run(Flow.CRM_TO_CTCT));
            assertThat(inCycle.await(10, TimeUnit.SECONDS)).isTrue();

            // Well past one ttl: only the heartbeat can have kept the lease alive.
            long until = System.nanoTime() + 3 * ttl.toNanos();
            int refusals = 0;
            while (System.nanoTime() < until) {
                assertThatThrownBy(() -> second.runner().run(Flow.CRM_TO_CTCT))
                        .isInstanceOf(FlowBusyException.class)
                        .hasMessageContaining("held by " + first.leases().holder())
                        .hasMessageContaining(" since ");
                refusals++;
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(second.runner().isRunning(Flow.CRM_TO_CTCT)).isTrue();
            assertThat(first.state().lease("crm-to-ctct")).hasValueSatisfying(l -> assertThat(l.runId()).isNotNull());
            release.countDown();

            assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(refusals).isGreaterThan(1);
            assertThat(first.state().lease("crm-to-ctct")).isEmpty();
            assertThat(second.runner().run(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void should_never_run_one_flow_in_two_engines_at_once_when_both_are_triggered_over_and_over() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable body = () -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        };
        List<Engine> engines = List.of(engine(Duration.ofSeconds(30), Clock.systemUTC(), body),
                engine(Duration.ofSeconds(30), Clock.systemUTC(), body));
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> triggers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                FlowRunner runner = engines.get(t % 2).runner();
                triggers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        try {
                            runner.run(Flow.CRM_TO_CTCT);
                            ran.incrementAndGet();
                        } catch (FlowBusyException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : triggers) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(most.get()).isEqualTo(1);
        assertThat(ran.get()).isPositive();
        assertThat(refused.get()).isPositive();
        assertThat(ran.get() + refused.get()).isEqualTo(240);
    }

    @Test
    void should_take_the_flow_over_and_mark_the_run_abandoned_when_the_other_engine_died_mid_cycle() {
        Duration ttl = Duration.ofMinutes(2);
        JdbcStateStore deadProcess = openStore();
        opened.add(deadProcess);
        Instant crashedAt = Instant.now();
        // What a killed process leaves behind: its lease (no more heartbeats) and its run still 'running'.
        assertThat(deadProcess.tryAcquireLease("crm-to-ctct", "gone-host/999#dead", ttl, crashedAt))
                .isInstanceOf(LeaseOutcome.Acquired.class);
        long deadRun = deadProcess.startRun("crm-to-ctct", crashedAt);
        Engine now = engine(ttl, Clock.systemUTC(), () -> { });
        assertThatThrownBy(() -> now.runner().run(Flow.CRM_TO_CTCT)).isInstanceOf(FlowBusyException.class)
                .hasMessageContaining("gone-host/999#dead");

        Engine later = engine(ttl, Clock.offset(Clock.systemUTC(), ttl.plusSeconds(1)), () -> { });
        SyncSummary summary = later.runner().run(Flow.CRM_TO_CTCT);

        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        RunRecord dead = later.state().lastRuns(10).stream().filter(r -> r.id() == deadRun).findFirst().orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(dead.finishedAt()).isNotNull();
        assertThat(dead.error()).contains("gone-host/999#dead");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
