package io.contactsync.observe;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.contactsync.state.ApiUsage;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: requests are left in today's shared Constant Contact budget (state store, at most a few seconds old).
 * DOWN when the day's count reached {@code sync.ctct.daily-quota} or the server said {@code quota_exceeded} today,
 * with the reset time (00:00 UTC).
 */
final class BudgetCheck extends AbstractHealthCheck {

    private final StoreSnapshots snapshots;
    private final long dailyQuota;
    private final Clock clock;

    BudgetCheck(StoreSnapshots snapshots, long dailyQuota, Clock clock) {
        super(HealthChecks.GROUP, "api-budget");
        this.snapshots = snapshots;
        this.dailyQuota = dailyQuota;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ApiUsage usage = snapshots.budget();
        long left = Math.max(0, dailyQuota - usage.used());
        String reset = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toString();
        builder.detail("used", usage.used()).detail("left", left).detail("limit", dailyQuota).detail("resets_at", reset);
        if (usage.quotaExceededAt() != null) {
            builder.down().message("daily Constant Contact quota exceeded (the server said so at " + usage.quotaExceededAt()
                    + "); resets at " + reset);
        } else if (left == 0) {
            builder.down().message("daily Constant Contact budget spent (" + usage.used() + " of " + dailyQuota
                    + " requests); resets at " + reset);
        } else {
            builder.up();
        }
    }
}
