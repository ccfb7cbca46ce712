package io.contactsync.admin.page;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.admin.ResyncMode;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PageTriggers} on a single background thread that calls {@link FlowRunner#run}, as the admin endpoints and
 * schedules do (same leases, so a busy flow is refused, naming its holder). One page-started run at a time.
 */
public final class RunnerTriggers implements PageTriggers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerTriggers.class);

    private final FlowRunner runner;
    private final StateStore state;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "status-page-run");
        t.setDaemon(true);
        return t;
    });

    public RunnerTriggers(FlowRunner runner, StateStore state, Clock clock) {
        this.runner = runner;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public Result start(List<Flow> flows, ResyncMode resync) {
        List<Flow> configured = flows.stream().filter(runner::has).toList();
        if (configured.isEmpty()) {
            return new Result(false, List.of(), "not started: " + flows.get(0).id() + " is not configured in this engine");
        }
        for (Flow f : configured) {
            Optional<FlowBusyException> busy = runner.busy(f);
            if (busy.isPresent()) {
                return new Result(false, List.of(), "not started: " + busy.get().getMessage());
            }
        }
        if (!running.compareAndSet(false, true)) {
            return new Result(false, List.of(), "not started: a run started from this page is still going");
        }
        String what = (resync == null ? "sync" : "resync (" + resync.describe() + ")") + " of "
                + String.join(", ", configured.stream().map(Flow::id).toList());
        executor.execute(() -> {
            try {
                for (Flow f : configured) {
                    runOne(f, resync);
                }
            } finally {
                running.set(false);
            }
        });
        return new Result(true, List.of(), "started: " + what + "; its run appears under Last runs");
    }

    private void runOne(Flow f, ResyncMode resync) {
        try {
            if (resync == null) {
                runner.run(f);
            } else {
                runner.run(f, () -> {
                    LOG.info("Resync of {} requested on the status page: checkpoint reset ({})", f.id(), resync.describe());
                    state.resetCheckpoint(f.id(), resync.checkpoint(f, clock));
                });
            }
        } catch (FlowBusyException e) {
            LOG.warn("Status-page run of {} not started: {}", f.id(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Status-page run of {} failed: {}", f.id(), e.getMessage());
        }
    }

    @Override
    public boolean inProgress() {
        return running.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
