package io.contactsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.state.PageCommit;
import io.contactsync.state.RunProgress;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's run bookkeeping: opens the run record (or begins the one queued for it), adds the run's progress to each
 * page commit and tells the cycle's listener, and closes the record with its counts, API calls and duration,
 * logging the one summary line of the cycle (counts only: no e-mail addresses, no names): INFO when it succeeded,
 * WARN when partial or stopped, ERROR when it failed; the line ends with the error text.
 */
final class RunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    /** An open run; {@code pages} counts its committed pages (one cycle thread writes it). */
    static final class Run {
        private final long id;
        private final Instant startedAt;
        private final long apiCallsAtStart;
        private final CycleContext context;
        private long pages;

        Run(long id, Instant startedAt, long apiCallsAtStart, CycleContext context) {
            this.id = id;
            this.startedAt = startedAt;
            this.apiCallsAtStart = apiCallsAtStart;
            this.context = context;
        }

        long id() {
            return id;
        }

        Instant startedAt() {
            return startedAt;
        }

        long pages() {
            return pages;
        }
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

    /** Begins the run queued for this cycle, or opens a new one (also when the queued one was ended meanwhile). */
    Run start(CycleContext context) {
        CycleContext ctx = context == null ? CycleContext.NONE : context;
        Instant now = clock.instant();
        Long queued = ctx.queuedRunId();
        long id;
        if (queued != null && state.beginRun(queued, now)) {
            id = queued;
        } else {
            if (queued != null) {
                LOG.warn("{}: queued run {} was ended before it could start; recording this cycle as a new run", flow, queued);
            }
            id = state.startRun(flow, now, ctx.trigger());
        }
        return new Run(id, now, ctct.apiCalls(), ctx);
    }

    /**
     * The page commit with the run's progress after it: {@code counts} as they stand plus what this page parks
     * ({@code parked}, of which {@code toRetry} will be retried), added to the cycle's counts only once committed.
     */
    PageCommit withProgress(Run run, PageCommit page, Counts counts, long parked, long toRetry, Long expectedTotal) {
        if (run == null) {
            return page;
        }
        var after = counts.asMap();
        after.merge(Counter.PARKED.key(), parked, Long::sum);
        after.merge(Counter.TO_RETRY.key(), toRetry, Long::sum);
        RunProgress p = new RunProgress(run.id, flow, run.startedAt, run.pages + 1, after,
                ctct.apiCalls() - run.apiCallsAtStart, expectedTotal, clock.instant());
        return page.withProgress(p);
    }

    /** Commits the page with the run's progress in the same transaction, then tells the cycle's listener. */
    void commit(Run run, PageCommit page, Counts counts, long parked, long toRetry, Long expectedTotal) {
        PageCommit withProgress = withProgress(run, page, counts, parked, toRetry, expectedTotal);
        state.commit(withProgress);
        committed(run, withProgress);
    }

    /** The run's expected record count for its progress, or null when the source cannot tell (or failed to). */
    Long expected(Supplier<OptionalLong> count) {
        try {
            OptionalLong n = count.get();
            return n.isPresent() ? n.getAsLong() : null;
        } catch (RuntimeException e) {
            LOG.debug("{}: could not count the changes to expect: {}", flow, e.getMessage());
            return null;
        }
    }

    /** After the page commit: counts the page and tells the listener (which logs, or draws the progress line). */
    void committed(Run run, PageCommit page) {
        if (run == null || page.progress() == null) {
            return;
        }
        run.pages = page.progress().pages();
        try {
            run.context.committed(Flow.of(flow), page.progress());
        } catch (RuntimeException e) {
            LOG.debug("{}: a progress listener failed: {}", flow, e.getMessage());
        }
    }

    /** Every page committed: {@code partial} when records were parked, else {@code succeeded}; or stopped on request. */
    SyncSummary finished(Run run, Counts counts, boolean stopRequested) {
        if (stopRequested) {
            return close(run, counts, RunStatus.STOPPED, "stopped on request (SIGTERM, Ctrl-C or shutdown) after "
                    + run.pages + " committed page(s); the next run continues from the checkpoint");
        }
        return close(run, counts, counts.get(Counter.PARKED) > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED, null);
    }

    /**
     * A spent daily quota stops the cycle ({@code stopped}); the blast-radius guard holds it ({@code held}, logged at
     * ERROR: someone must decide); anything else fails it.
     */
    SyncSummary aborted(Run run, CycleContext context, Counts counts, Throwable error) {
        boolean quota = error instanceof CtctApiException e && e.kind() == CtctApiException.Kind.QUOTA_EXCEEDED;
        RunStatus status = quota ? RunStatus.STOPPED : error instanceof RunHeldException ? RunStatus.HELD : RunStatus.FAILED;
        return close(run == null ? start(context) : run, counts, status, error.getMessage());
    }

    private SyncSummary close(Run run, Counts counts, RunStatus status, String error) {
        Instant end = clock.instant();
        long duration = Duration.between(run.startedAt(), end).toMillis();
        long calls = ctct.apiCalls() - run.apiCallsAtStart;
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
