package io.contactsync.sync;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The one path every run takes, scheduled or manual: it refuses a second run of a flow while one is in
 * progress, sends a fresh cycle through the flow's {@code direct:} route, and records a cycle that failed.
 * Thread-safe.
 */
public final class FlowRunner {

    private final Map<Flow, ReentrantLock> locks = new EnumMap<>(Flow.class);
    private final Map<Flow, CycleFlow<?>> flows = new EnumMap<>(Flow.class);
    private final BiFunction<String, Object, Object> route;

    /**
     * @param route sends a body to an endpoint and returns the reply (the engine sends it through the Camel route)
     */
    public FlowRunner(BiFunction<String, Object, Object> route) {
        this.route = route;
    }

    public void register(CycleFlow<?> flow) {
        flows.put(flow.flow(), flow);
        locks.put(flow.flow(), new ReentrantLock());
    }

    public boolean has(Flow flow) {
        return flows.containsKey(flow);
    }

    public boolean isRunning(Flow flow) {
        ReentrantLock lock = locks.get(flow);
        return lock != null && lock.isLocked();
    }

    /** Runs one cycle now; throws {@link FlowBusyException} when one is already running. */
    public SyncSummary run(Flow flow) {
        return run(flow, () -> { });
    }

    /**
     * Runs one cycle now, calling {@code beforeCycle} once the flow is held and before the cycle starts (an operator
     * resync moves the checkpoint there, so a busy flow's checkpoint is never touched); throws
     * {@link FlowBusyException} without calling it when a cycle is already running.
     */
    public SyncSummary run(Flow flow, Runnable beforeCycle) {
        ReentrantLock lock = locks.get(flow);
        if (lock == null) {
            throw new IllegalArgumentException("flow " + flow.id() + " is not configured");
        }
        if (!lock.tryLock()) {
            throw new FlowBusyException(flow);
        }
        try {
            beforeCycle.run();
            return cycle(flows.get(flow));
        } finally {
            lock.unlock();
        }
    }

    private <C> SyncSummary cycle(CycleFlow<C> flow) {
        C cycle = flow.newCycle();
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

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        // Camel wraps bean failures (CamelExecutionException, RuntimeCamelException): report what really failed.
        while (t.getCause() != null && t.getClass().getName().startsWith("org.apache.camel")) {
            t = t.getCause();
        }
        return t;
    }
}
