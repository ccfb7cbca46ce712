package io.contactsync.admin;

import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Quartz fire calls ({@code routes/schedules.camel.yaml}): one cycle through the {@link FlowRunner}, the
 * path manual triggers take too. A flow still busy (a manual run, or a slow previous cycle) skips this fire.
 */
public final class ScheduledRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final FlowRunner runner;

    public ScheduledRuns(FlowRunner runner) {
        this.runner = runner;
    }

    /** Runs the flow named {@code flowId}; the cycle logs its own summary line. */
    public void fire(String flowId) {
        Flow flow = Flow.of(flowId);
        if (runner.stopRequested()) {
            LOG.info("Scheduled {} cycle skipped: contact-sync is stopping", flow.id());
            return;
        }
        try {
            runner.run(flow, () -> { }, "schedule");
        } catch (FlowBusyException e) {
            LOG.info("Scheduled {} cycle skipped: one is already running", flow.id());
        } catch (IllegalStateException e) {
            if (!runner.stopRequested()) {
                throw e;
            }
            LOG.info("Scheduled {} cycle skipped: contact-sync is stopping", flow.id());
        }
    }
}
