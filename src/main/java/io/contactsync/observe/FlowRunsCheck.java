package io.contactsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.contactsync.state.RunRecord;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one flow, from its runs in the state store (read at most every few seconds): DOWN when its latest
 * finished run {@code failed} or was {@code abandoned} (its process died), or, when it has a schedule, when no cycle
 * succeeded for {@code sync.observe.stale-after-runs} schedule intervals (counted from the engine's start when it never
 * succeeded). {@code partial} and {@code stopped} (quota: see the budget check) stay UP, with the outcome as a detail.
 */
final class FlowRunsCheck extends AbstractHealthCheck {

    private final String flow;
    private final StoreSnapshots snapshots;
    private final Duration staleAfter;
    private final Instant startedAt;
    private final Clock clock;

    /** @param staleAfter how long without a successful cycle is stale; null when the flow has no schedule */
    FlowRunsCheck(String flow, StoreSnapshots snapshots, Duration staleAfter, Clock clock) {
        super(HealthChecks.GROUP, "flow-" + flow);
        this.flow = flow;
        this.snapshots = snapshots;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<StoreSnapshots.Taken> taken = snapshots.current();
        if (taken.isEmpty()) {
            builder.down().message(flow + ": the state store could not be read");
            return;
        }
        Instant now = clock.instant();
        RunRecord last = taken.get().snapshot().lastRun().get(flow);
        Instant lastSuccess = taken.get().snapshot().lastSuccess().get(flow);
        builder.detail("last_success_at", lastSuccess == null ? "never" : lastSuccess.toString());
        if (staleAfter != null) {
            builder.detail("stale_after", staleAfter.toString());
        }
        if (last != null) {
            builder.detail("last_run", last.id()).detail("last_status", last.status().id());
            switch (last.status()) {
                case FAILED, ABANDONED, HELD -> {
                    builder.down().message(flow + ": the last run (" + last.id() + ") " + last.status().id()
                            + (last.finishedAt() == null ? "" : " at " + last.finishedAt())
                            + (last.error() == null ? "" : ": " + last.error()));
                    return;
                }
                default -> {
                }
            }
        }
        Instant since = lastSuccess != null ? lastSuccess : startedAt;
        if (staleAfter != null && Duration.between(since, now).compareTo(staleAfter) > 0) {
            builder.down().message(flow + ": no successful cycle since " + since + " (" + staleAfter.toSeconds()
                    + " s, " + "sync.observe.stale-after-runs schedule intervals)");
            return;
        }
        builder.up();
    }
}
