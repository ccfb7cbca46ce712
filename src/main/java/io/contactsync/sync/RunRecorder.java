package io.contactsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's run bookkeeping: opens the run record, and closes it with its counts, API calls and duration, logging
 * the one INFO summary line of the cycle (counts only: no e-mail addresses, no names).
 */
final class RunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    /** An open run. */
    record Run(long id, Instant startedAt, long apiCallsAtStart) {
    }

    private final String flow;
    private final StateStore state;
    private final CtctClient ctct;
    private final Clock clock;

    RunRecorder(String flow, StateStore state, CtctClient ctct, Clock clock) {
        this.flow = flow;
        this.state = state;
        this.ctct = ctct;
        this.clock = clock;
    }

    Run start() {
        Instant now = clock.instant();
        return new Run(state.startRun(flow, now), now, ctct.apiCalls());
    }

    /** Every page committed: {@code partial} when records were parked, else {@code succeeded}. */
    SyncSummary succeeded(Run run, Counts counts) {
        return close(run, counts, counts.get(Counter.PARKED) > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED, null);
    }

    /** A spent daily quota stops the cycle ({@code stopped}); anything else fails it. */
    SyncSummary aborted(Run run, Counts counts, Throwable error) {
        boolean quota = error instanceof CtctApiException e && e.kind() == CtctApiException.Kind.QUOTA_EXCEEDED;
        return close(run == null ? start() : run, counts, quota ? RunStatus.STOPPED : RunStatus.FAILED, error.getMessage());
    }

    private SyncSummary close(Run run, Counts counts, RunStatus status, String error) {
        Instant end = clock.instant();
        long duration = Duration.between(run.startedAt(), end).toMillis();
        long calls = ctct.apiCalls() - run.apiCallsAtStart();
        SyncSummary summary = new SyncSummary(flow, run.id(), status, counts.asMap(), calls, duration, error);
        state.finishRun(new RunRecord(run.id(), flow, run.startedAt(), end, status, counts.asMap(), calls, duration, error));
        switch (status) {
            case SUCCEEDED -> LOG.info(summary.line());
            case PARTIAL -> LOG.warn("{} ({} parked: {} to retry, {} refused; see contact-sync status)", summary.line(),
                    counts.get(Counter.PARKED), counts.get(Counter.TO_RETRY),
                    counts.get(Counter.PARKED) - counts.get(Counter.TO_RETRY));
            case STOPPED -> LOG.warn(summary.line());
            default -> LOG.error(summary.line());
        }
        return summary;
    }
}
