package io.contactsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.contactsync.crm.CrmConnector;
import io.contactsync.state.ObserveReads;
import org.apache.camel.health.HealthCheck;
import org.quartz.CronExpression;

/** Builds the engine's readiness checks (group {@value #GROUP}); liveness is Camel's own {@code context} check. */
public final class HealthChecks {

    public static final String GROUP = "contactsync";

    private HealthChecks() {
    }

    /** What the checks look at. {@code crons}: flow id to its Quartz cron, for each flow that has a schedule. */
    public record Sources(ObserveReads reads, StoreSnapshots snapshots, CrmConnector crm, ApiCalls calls,
                          BooleanSupplier hasRefreshToken, Runnable ctctProbe, long dailyQuota,
                          List<String> flows, Map<String, String> crons) {
    }

    public static List<HealthCheck> create(Sources s, Duration probeInterval, int staleAfterRuns, Clock clock) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new StateStoreCheck(s.reads()));
        checks.add(new CrmCheck(s.crm()));
        checks.add(new CtctCheck(s.calls(), s.hasRefreshToken(), s.ctctProbe(), probeInterval, clock));
        checks.add(new BudgetCheck(s.snapshots(), s.dailyQuota(), clock));
        for (String flow : s.flows()) {
            String cron = s.crons().get(flow);
            Duration interval = cron == null ? null : interval(cron, clock.instant());
            checks.add(new FlowRunsCheck(flow, s.snapshots(), interval == null ? null : interval.multipliedBy(staleAfterRuns),
                    clock));
        }
        return checks;
    }

    /** The gap between the cron's next two fires after {@code now} (a cron that never fires: null). */
    static Duration interval(String cron, Instant now) {
        try {
            CronExpression e = new CronExpression(cron);
            e.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            Date first = e.getNextValidTimeAfter(Date.from(now));
            Date second = first == null ? null : e.getNextValidTimeAfter(first);
            return second == null ? null : Duration.between(first.toInstant(), second.toInstant());
        } catch (java.text.ParseException e) {
            return null;
        }
    }
}
