package io.contactsync.sync;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.contactsync.state.FlowLease;
import io.contactsync.state.LeaseOutcome;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's side of the flow leases in the state store, the truth about who may run a flow: takes a flow's
 * lease for one run (or says who holds it), renews it every third of its ttl from a daemon thread while the run
 * goes on, and gives it back at the end. A holder that dies stops renewing; once its lease expired, the next run
 * takes it over and its open run is marked {@code abandoned}. Thread-safe.
 */
public final class FlowLeases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowLeases.class);

    private final StateStore state;
    private final Duration ttl;
    private final Clock clock;
    private final String holder;
    private final ScheduledExecutorService heartbeats;

    public FlowLeases(StateStore state, Duration ttl, Clock clock) {
        this(state, ttl, clock, holderName());
    }

    /** @param holder this runner's name in the lease table, unique per process and runner */
    public FlowLeases(StateStore state, Duration ttl, Clock clock, String holder) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
        }
        this.state = state;
        this.ttl = ttl;
        this.clock = clock;
        this.holder = holder;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contact-sync-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code host/pid#runner}: readable in messages, unique even for two engines in one JVM. */
    static String holderName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid() + "#" + UUID.randomUUID().toString().substring(0, 6);
    }

    public String holder() {
        return holder;
    }

    /** The state store the leases live in (the runner opens queued run records there). */
    StateStore state() {
        return state;
    }

    /**
     * Takes the flow's lease and starts renewing it; throws {@link FlowBusyException} naming the live holder.
     *
     * @param runId the run the lease is for, once known (recorded with the next heartbeat)
     */
    public Held acquire(Flow flow, Supplier<Long> runId) {
        LeaseOutcome outcome = state.tryAcquireLease(flow.id(), holder, ttl, clock.instant());
        if (outcome instanceof LeaseOutcome.Held busy) {
            throw new FlowBusyException(flow, busy.current().holder(), busy.current().acquiredAt());
        }
        LeaseOutcome.Acquired got = (LeaseOutcome.Acquired) outcome;
        if (got.previous() != null) {
            LOG.warn("Took over the {} lease of {} (last heartbeat {}): that process stopped; run(s) {} marked abandoned",
                    flow.id(), got.previous().holder(), got.previous().heartbeatAt(), got.abandonedRuns());
        } else if (!got.abandonedRuns().isEmpty()) {
            LOG.warn("Run(s) {} of {} were left running by a process that stopped: marked abandoned",
                    got.abandonedRuns(), flow.id());
        }
        return new Held(flow, runId);
    }

    /**
     * Renews the sign of life of the queued runs {@code ids} names (read at each renewal) every third of the ttl
     * until closed, so that a lease taker does not mark them abandoned while this runner waits to start them.
     */
    public AutoCloseable keepQueued(Supplier<List<Long>> ids) {
        long every = Math.max(1, ttl.toMillis() / 3);
        ScheduledFuture<?> touch = heartbeats.scheduleAtFixedRate(() -> {
            try {
                state.touchQueuedRuns(ids.get(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Could not renew queued runs {}: {}", ids.get(), e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return () -> touch.cancel(false);
    }

    /** The live lease of another holder or this one, if any: the flow is running somewhere. */
    public Optional<FlowLease> live(Flow flow) {
        Instant now = clock.instant();
        return state.lease(flow.id()).filter(l -> !l.expiredAt(now));
    }

    /** Stops renewing (the leases held expire): the engine is closing. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
    }

    /** One run's hold on a flow: renewed until closed, then released. */
    public final class Held implements AutoCloseable {
        private final Flow flow;
        private final Supplier<Long> runId;
        private final ScheduledFuture<?> beat;
        private volatile boolean released;

        private Held(Flow flow, Supplier<Long> runId) {
            this.flow = flow;
            this.runId = runId;
            long every = Math.max(1, ttl.toMillis() / 3);
            this.beat = heartbeats.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            try {
                if (!state.heartbeatLease(flow.id(), holder, runId.get(), ttl, clock.instant()) && !released) {
                    LOG.error("The {} lease was lost (this process did not renew it for {}); another process may run"
                            + " {} now", flow.id(), ttl, flow.id());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the {} lease: {}", flow.id(), e.getMessage());
            }
        }

        @Override
        public void close() {
            released = true;
            beat.cancel(false);
            try {
                state.releaseLease(flow.id(), holder);
            } catch (RuntimeException e) {
                LOG.warn("Could not release the {} lease (it expires in {}): {}", flow.id(), ttl, e.getMessage());
            }
        }
    }
}
