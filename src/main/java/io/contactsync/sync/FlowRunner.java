package io.contactsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.contactsync.state.FlowLease;
import io.contactsync.state.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every run takes, scheduled or manual, CLI or HTTP: it refuses a second run of a flow while one is in
 * progress — in this process (an in-JVM lock, the fast path) or in any other process sharing the state store (the
 * flow's lease, the truth) —, sends a fresh cycle through the flow's {@code direct:} route, and records a cycle that
 * failed. Runs either synchronously ({@link #run}: CLI, schedule) or in the background ({@link #submit}: admin HTTP,
 * the status page), whose run records are opened {@code queued} at once so their ids can be answered before they
 * start. Tells its {@link RunProgressListener}s of every committed page, and stops every cycle after its page in
 * flight once {@link #requestStop()} was called. Thread-safe.
 */
public final class FlowRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    private final Map<Flow, ReentrantLock> locks = new EnumMap<>(Flow.class);
    private final Map<Flow, Instant> lockedSince = new EnumMap<>(Flow.class);
    private final Map<Flow, CycleFlow<?>> flows = new EnumMap<>(Flow.class);
    private final BiFunction<String, Object, Object> route;
    private final FlowLeases leases;
    private final Runnable afterCycle;
    private final List<RunProgressListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "contact-sync-run-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    /** Cycles running now plus submitted runs not ended yet; guarded by {@code this}. */
    private int active;
    private volatile boolean stopping;
    private volatile boolean pageLog = true;

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

    /** Hears of every committed page of every cycle this runner runs. */
    public void addListener(RunProgressListener listener) {
        listeners.add(listener);
    }

    /**
     * Whether each committed page is logged at INFO (counts only; on by default, so a long run is never silent). The
     * CLI turns it off while it draws its progress line on a terminal.
     */
    public void logPages(boolean on) {
        this.pageLog = on;
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

    /**
     * Runs one cycle now; throws {@link FlowBusyException} when one is already running, IllegalStateException once
     * {@link #requestStop()} was called.
     */
    public SyncSummary run(Flow flow) {
        return run(flow, () -> { }, null);
    }

    /** As {@link #run(Flow, Runnable, String)} with an unnamed trigger. */
    public SyncSummary run(Flow flow, Runnable beforeCycle) {
        return run(flow, beforeCycle, null);
    }

    /**
     * Runs one cycle now and waits for it, calling {@code beforeCycle} once the flow is held and before the cycle
     * starts (an operator resync moves the checkpoint there, so a busy flow's checkpoint is never touched); throws
     * {@link FlowBusyException} without calling it when a cycle is already running, here or in another process.
     *
     * @param trigger what asked for it ({@code cli}, {@code schedule}, …), kept in its run record; null: unknown
     */
    public SyncSummary run(Flow flow, Runnable beforeCycle, String trigger) {
        return locked(flow, beforeCycle, context(null, trigger));
    }

    /**
     * Applies a dry run's plan to one flow, now, and nothing else: the cycle reads only the plan's records, plans them
     * afresh and refuses ({@link PlanChangedException}, nothing written) when any no longer plans exactly as the file
     * says; otherwise it writes them through the same guarded write path as every cycle. The checkpoint does not move.
     *
     * @param planned the plan's entries of this flow, by record key (crm-to-ctct: CRM id; ctct-to-crm: contact id)
     */
    public SyncSummary apply(Flow flow, java.util.Map<String, PlanPreview.Entry> planned) {
        return locked(flow, () -> { }, new CycleContext(null, "apply", this::stopRequested, this::committed, planned));
    }

    /**
     * Undoes a run, now: the flow reads only the records the run wrote and restores, through the same guarded write
     * path as every cycle, each field nobody changed since ({@link UndoPlanner}); the checkpoint does not move.
     */
    public SyncSummary undo(Flow flow, UndoPlanner.Request undo) {
        return locked(flow, () -> { }, new CycleContext(null, "undo", this::stopRequested, this::committed, null, undo));
    }

    /** What {@link #undo} would write, as a dry run: the restores to {@code sink}, the skipped records in its notes. */
    public FlowPreview previewUndo(Flow flow, UndoPlanner.Request undo, java.util.function.Consumer<List<PlanPreview.Entry>> sink) {
        return preview(flow, new CycleContext(null, "undo", () -> false, (f, p) -> { }, null, undo), sink);
    }

    /**
     * A dry run of one flow, now: read, map and plan as a cycle would, each batch's planned entries to {@code sink},
     * nothing written anywhere (no run record, no lease, no checkpoint; the Constant Contact requests it spends for
     * its reads are counted in the shared daily budget, as every request is).
     */
    public FlowPreview preview(Flow flow, java.util.function.Consumer<List<PlanPreview.Entry>> sink) {
        return preview(flow, CycleContext.NONE, sink);
    }

    private <C> FlowPreview preview(Flow flow, CycleContext context, java.util.function.Consumer<List<PlanPreview.Entry>> sink) {
        @SuppressWarnings("unchecked")
        CycleFlow<C> cycleFlow = (CycleFlow<C>) flows.get(flow);
        if (cycleFlow == null) {
            throw new IllegalArgumentException(flow.id() + " is not configured");
        }
        C cycle = cycleFlow.newCycle();
        cycleFlow.attach(cycle, context);
        cycleFlow.attachPreview(cycle, sink);
        Object reply;
        try {
            reply = route.apply(flow.previewEndpoint(), cycle);
        } finally {
            cycleFlow.release(cycle); // a dry run that failed has no abort step: its read's files go here
        }
        if (reply instanceof FlowPreview p) {
            return p;
        }
        throw new IllegalStateException("route " + flow.previewEndpoint() + " did not end with the finishPreview step");
    }

    /**
     * Accepts runs of {@code flows}, to run one after the other in the background, and returns at once with their
     * run ids: each run record is opened {@code queued} now, in this order. Refuses them all with
     * {@link FlowBusyException} (nothing queued) when one of the flows is busy now. A queued run that finds its flow
     * busy when its turn comes ends {@code refused} with the reason; a failed one does not keep the next from running.
     *
     * @param beforeEachOrNull called with each flow once it is held, before its cycle starts (a resync resets the
     *                         checkpoint there); null: nothing
     * @param trigger          what asked for them ({@code admin}, {@code page}, …), kept in their run records
     * @throws IllegalArgumentException when a flow is not configured
     * @throws IllegalStateException    when the runner is stopping
     */
    public List<RunTicket> submit(List<Flow> flows, Consumer<Flow> beforeEachOrNull, String trigger) {
        for (Flow f : flows) {
            if (!has(f)) {
                throw new IllegalArgumentException("flow " + f.id() + " is not configured");
            }
            busy(f).ifPresent(e -> {
                throw e;
            });
        }
        if (stopping) {
            throw new IllegalStateException("contact-sync is stopping: no new runs");
        }
        List<RunTicket> tickets = new ArrayList<>();
        for (Flow f : flows) {
            tickets.add(new RunTicket(leases.state().queueRun(f.id(), trigger, leases.holder(), Instant.now()), f));
        }
        enter();
        List<Long> waiting = new CopyOnWriteArrayList<>(tickets.stream().map(RunTicket::runId).toList());
        background.execute(() -> {
            try (AutoCloseable alive = leases.keepQueued(() -> List.copyOf(waiting))) {
                for (RunTicket t : tickets) {
                    waiting.remove(Long.valueOf(t.runId()));
                    runQueued(t, beforeEachOrNull, trigger);
                }
            } catch (Exception e) {
                LOG.error("Queued runs {} stopped: {}", tickets, e.getMessage());
            } finally {
                leave();
            }
        });
        return List.copyOf(tickets);
    }

    private void runQueued(RunTicket t, Consumer<Flow> beforeEachOrNull, String trigger) {
        if (stopping) {
            refuse(t, "not started: contact-sync was stopping");
            return;
        }
        Runnable before = beforeEachOrNull == null ? () -> { } : () -> beforeEachOrNull.accept(t.flow());
        try {
            locked(t.flow(), before, context(t.runId(), trigger));
        } catch (FlowBusyException e) {
            LOG.warn("Queued {} run {} refused: {}", t.flow().id(), t.runId(), e.getMessage());
            refuse(t, "refused: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Queued {} run {} could not run: {}", t.flow().id(), t.runId(), e.getMessage());
            refuse(t, "could not start: " + e.getMessage());
        }
    }

    private void refuse(RunTicket t, String reason) {
        try {
            leases.state().refuseRun(t.runId(), Instant.now(), reason);
        } catch (RuntimeException e) {
            LOG.warn("Could not mark queued {} run {} refused: {}", t.flow().id(), t.runId(), e.getMessage());
        }
    }

    /**
     * Asks every cycle to stop after the page in flight is committed (its run ends {@code stopped}, its checkpoint
     * at that page) and queued runs not to start. Returns at once: {@link #awaitIdle} waits for them.
     */
    public void requestStop() {
        stopping = true;
    }

    public boolean stopRequested() {
        return stopping;
    }

    /** Waits until no cycle runs and no submitted run is pending, at most {@code timeout}; true when idle. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private synchronized void enter() {
        active++;
    }

    private synchronized void leave() {
        active--;
        notifyAll();
    }

    private CycleContext context(Long queuedRunId, String trigger) {
        return new CycleContext(queuedRunId, trigger, this::stopRequested, this::committed);
    }

    private void committed(Flow flow, RunProgress p) {
        if (pageLog) {
            LOG.info("{} run {}: page {} committed: {} read, {} written, {} parked, {} API calls so far", flow.id(),
                    p.runId(), p.pages(), p.count(Counter.READ.key()), Counts.written(p.counts()),
                    p.count(Counter.PARKED.key()), p.apiCalls());
        }
        for (RunProgressListener l : listeners) {
            try {
                l.committed(flow, p);
            } catch (RuntimeException e) {
                LOG.debug("A progress listener failed: {}", e.getMessage());
            }
        }
    }

    /** Tells the listeners how the cycle ended, from its closed run record (one read, after the run's last commit). */
    private void finished(Flow flow, SyncSummary summary) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            leases.state().run(summary.runId()).ifPresent(run -> {
                for (RunProgressListener l : listeners) {
                    try {
                        l.finished(flow, run);
                    } catch (RuntimeException e) {
                        LOG.debug("A run listener failed: {}", e.getMessage());
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not read the {} run {} back for its listeners: {}", flow.id(), summary.runId(), e.getMessage());
        }
    }

    private SyncSummary locked(Flow flow, Runnable beforeCycle, CycleContext context) {
        ReentrantLock lock = locks.get(flow);
        if (lock == null) {
            throw new IllegalArgumentException("flow " + flow.id() + " is not configured");
        }
        if (stopping) {
            throw new IllegalStateException("contact-sync is stopping: no new " + flow.id() + " cycle");
        }
        if (!lock.tryLock()) {
            throw new FlowBusyException(flow, leases.holder(), since(flow));
        }
        enter();
        try {
            setSince(flow, Instant.now());
            return leasedCycle(flow, beforeCycle, context);
        } finally {
            setSince(flow, null);
            lock.unlock();
            leave();
        }
    }

    private <C> SyncSummary leasedCycle(Flow flow, Runnable beforeCycle, CycleContext context) {
        @SuppressWarnings("unchecked")
        CycleFlow<C> cycleFlow = (CycleFlow<C>) flows.get(flow);
        C cycle = cycleFlow.newCycle();
        cycleFlow.attach(cycle, context);
        try (FlowLeases.Held held = leases.acquire(flow, () -> cycleFlow.runId(cycle))) {
            beforeCycle.run();
            SyncSummary summary = cycle(cycleFlow, cycle);
            finished(flow, summary);
            return summary;
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

    /** Stops the lease heartbeats and the background runs' threads; call after the last cycle ended. */
    @Override
    public void close() {
        background.shutdownNow();
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
