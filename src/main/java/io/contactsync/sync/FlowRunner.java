package io.contactsync.sync;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import io.contactsync.state.FlowLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every run takes, scheduled or manual, CLI or HTTP: it refuses a second run of a flow while one is in
 * progress — in this process (an in-JVM lock, the fast path) or in any other process sharing the state store (the
 * flow's lease, the truth) —, sends a fresh cycle through the flow's {@code direct:} route, and records a cycle that
 * failed. Thread-safe.
 */
public final class FlowRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    private final Map<Flow, ReentrantLock> locks = new EnumMap<>(Flow.class);
    private final Map<Flow, Instant> lockedSince = new EnumMap<>(Flow.class);
    private final Map<Flow, CycleFlow<?>> flows = new EnumMap<>(Flow.class);
    private final BiFunction<String, Object, Object> route;
    private final FlowLeases leases;
    private final Runnable afterCycle;

    /**
     * @param route      sends a body to an endpoint and returns the reply (the engine sends it through the Camel route)
     * @param leases     the flows' leases in the state store
     * @param afterCycle called after every cycle, ended well or not (the engine adds the cycle's API requests to the
     *                   shared daily count there)
     */
    public FlowRunner(BiFunction<String, Object, Object> route, FlowLeases leases, Runnable afterCycle) {
        this.route = route;
        this.leases = leases;
        this.afterCycle = afterCycle;
    }

    public void register(CycleFlow<?> flow) {
        flows.put(flow.flow(), flow);
        locks.put(flow.flow(), new ReentrantLock());
    }

    public boolean has(Flow flow) {
        return flows.containsKey(flow);
    }

    /** Whether a cycle of the flow runs now, here or in another process (reads the flow's lease). */
    public boolean isRunning(Flow flow) {
        return busy(flow).isPresent();
    }

    /** Why a run of the flow would be refused now (who holds it, since when), or empty when it is free. */
    public Optional<FlowBusyException> busy(Flow flow) {
        ReentrantLock lock = locks.get(flow);
        if (lock != null && lock.isLocked()) {
            return Optional.of(new FlowBusyException(flow, leases.holder(), since(flow)));
        }
        Optional<FlowLease> live = leases.live(flow);
        return live.map(l -> new FlowBusyException(flow, l.holder(), l.acquiredAt()));
    }

    /** Runs one cycle now; throws {@link FlowBusyException} when one is already running. */
    public SyncSummary run(Flow flow) {
        return run(flow, () -> { });
    }

    /**
     * Runs one cycle now, calling {@code beforeCycle} once the flow is held and before the cycle starts (an operator
     * resync moves the checkpoint there, so a busy flow's checkpoint is never touched); throws
     * {@link FlowBusyException} without calling it when a cycle is already running, here or in another process.
     */
    public SyncSummary run(Flow flow, Runnable beforeCycle) {
        ReentrantLock lock = locks.get(flow);
        if (lock == null) {
            throw new IllegalArgumentException("flow " + flow.id() + " is not configured");
        }
        if (!lock.tryLock()) {
            throw new FlowBusyException(flow, leases.holder(), since(flow));
        }
        try {
            setSince(flow, Instant.now());
            return leasedCycle(flow, beforeCycle);
        } finally {
            setSince(flow, null);
            lock.unlock();
        }
    }

    private <C> SyncSummary leasedCycle(Flow flow, Runnable beforeCycle) {
        @SuppressWarnings("unchecked")
        CycleFlow<C> cycleFlow = (CycleFlow<C>) flows.get(flow);
        C cycle = cycleFlow.newCycle();
        try (FlowLeases.Held held = leases.acquire(flow, () -> cycleFlow.runId(cycle))) {
            beforeCycle.run();
            return cycle(cycleFlow, cycle);
        } finally {
            try {
                afterCycle.run();
            } catch (RuntimeException e) {
                LOG.warn("After the {} cycle: {}", flow.id(), e.getMessage());
            }
        }
    }

    private <C> SyncSummary cycle(CycleFlow<C> flow, C cycle) {
        try {
            Object reply = route.apply(flow.flow().endpoint(), cycle);
            if (reply instanceof SyncSummary s) {
                return s;
            }
            throw new IllegalStateException("route " + flow.flow().endpoint() + " did not end with the finish step");
        } catch (RuntimeException e) {
            return flow.abort(cycle, rootCause(e));
        }
    }

    private synchronized Instant since(Flow flow) {
        return lockedSince.get(flow);
    }

    private synchronized void setSince(Flow flow, Instant since) {
        if (since == null) {
            lockedSince.remove(flow);
        } else {
            lockedSince.put(flow, since);
        }
    }

    /** Stops the lease heartbeats; call after the last cycle ended. */
    @Override
    public void close() {
        leases.close();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        // Camel wraps bean failures (CamelExecutionException, RuntimeCamelException): report what really failed.
        while (t.getCause() != null && t.getClass().getName().startsWith("org.apache.camel")) {
            t = t.getCause();
        }
        return t;
    }
}
