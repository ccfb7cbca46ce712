package io.contactsync.admin.page;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsync.admin.ResyncMode;
import io.contactsync.state.RunRecord;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.RunTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PageTriggers} through {@link FlowRunner#submit}, as {@code POST /admin/sync|resync} do: the runs are queued
 * with their run ids at once (trigger {@code page}), under the same leases, so a busy flow is refused naming its holder.
 */
public final class RunnerTriggers implements PageTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerTriggers.class);
    private static final String TRIGGER = "page";

    private final FlowRunner runner;
    private final StateStore state;
    private final Clock clock;
    /** Runs this page started that were still open when last looked at. */
    private final Set<Long> open = ConcurrentHashMap.newKeySet();

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
        List<RunTicket> tickets;
        try {
            tickets = runner.submit(configured, resync == null ? null : f -> reset(f, resync), TRIGGER);
        } catch (FlowBusyException | IllegalStateException e) {
            return new Result(false, List.of(), "not started: " + e.getMessage());
        }
        List<Long> ids = tickets.stream().map(RunTicket::runId).toList();
        open.addAll(ids);
        String what = (resync == null ? "sync" : "resync (" + resync.describe() + ")") + " of "
                + String.join(", ", configured.stream().map(Flow::id).toList());
        return new Result(true, ids, "started: " + what + " as run" + (ids.size() == 1 ? " " : "s ")
                + String.join(", ", ids.stream().map(String::valueOf).toList()) + "; see Running now and Last runs");
    }

    private void reset(Flow f, ResyncMode resync) {
        LOG.info("Resync of {} requested on the status page: checkpoint reset ({})", f.id(), resync.describe());
        state.resetCheckpoint(f.id(), resync.checkpoint(f, clock));
    }

    @Override
    public String plan(List<Flow> flows) {
        List<String> parts = new java.util.ArrayList<>();
        for (Flow f : flows.stream().filter(runner::has).toList()) {
            io.contactsync.sync.FlowPreview p = runner.preview(f, entries -> { });
            parts.add(f.id() + ": " + p.planned() + " contacts to write, " + p.unchanged() + " unchanged, " + p.parked()
                    + " would be parked, about " + p.estimatedCalls() + " requests"
                    + (p.held().isEmpty() ? "" : "; the blast-radius guard would hold it: " + String.join("; ", p.held())));
        }
        return "Dry run, nothing written. " + String.join(". ", parts)
                + ". For every value before and after: contact-sync sync --dry-run, or POST /admin/plan.";
    }

    @Override
    public boolean inProgress() {
        open.removeIf(id -> state.run(id).map(RunRecord::status).map(s -> !s.open()).orElse(true));
        return !open.isEmpty() || runner.isRunning(Flow.CRM_TO_CTCT) || runner.isRunning(Flow.CTCT_TO_CRM);
    }
}
