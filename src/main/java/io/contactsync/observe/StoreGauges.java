package io.contactsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import io.contactsync.state.ObserveReads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauges read from the state store through {@link StoreSnapshots} (so at most one read per few seconds, never a
 * failed scrape): the shared daily API budget, dead letters, age of the last successful cycle and checkpoint lag per
 * flow. A value the store does not have yet (no successful cycle, no checkpoint) is NaN, which Prometheus shows as such.
 */
public final class StoreGauges {

    private final StoreSnapshots snapshots;
    private final long dailyQuota;
    private final Clock clock;

    private StoreGauges(StoreSnapshots snapshots, long dailyQuota, Clock clock) {
        this.snapshots = snapshots;
        this.dailyQuota = dailyQuota;
        this.clock = clock;
    }

    /** Registers the gauges; the registry holds them (and this) for as long as it lives. */
    public static StoreGauges register(MeterRegistry registry, StoreSnapshots snapshots, long dailyQuota, Clock clock) {
        StoreGauges g = new StoreGauges(snapshots, dailyQuota, clock);
        Gauge.builder("contactsync.api.budget.used", g, x -> x.snapshots.budget().used())
                .description("Constant Contact requests used today (UTC), by every process of this application (state store)")
                .strongReference(true).register(registry);
        Gauge.builder("contactsync.api.budget.left", g, x -> Math.max(0, x.dailyQuota - x.snapshots.budget().used()))
                .description("Constant Contact requests left today (UTC): sync.ctct.daily-quota minus used")
                .strongReference(true).register(registry);
        Gauge.builder("contactsync.api.budget.limit", g, x -> x.dailyQuota)
                .description("The daily request quota (sync.ctct.daily-quota)").strongReference(true).register(registry);
        for (String flow : snapshots.flows()) {
            Gauge.builder("contactsync.dead.letters", g, x -> x.snapshots.deadLetters().getOrDefault(flow, 0L))
                    .description("Records parked (dead letters) now, by flow").tag("flow", flow)
                    .strongReference(true).register(registry);
            Gauge.builder("contactsync.last.success.age", g, x -> x.secondsSince(s -> s.lastSuccess().get(flow)))
                    .description("Seconds since the last successful (or partial) cycle of the flow ended")
                    .baseUnit("seconds").tag("flow", flow).strongReference(true).register(registry);
            Gauge.builder("contactsync.checkpoint.lag", g, x -> x.secondsSince(s -> s.checkpoints().get(flow)))
                    .description("Seconds between now and the flow's checkpoint (the source's clock)")
                    .baseUnit("seconds").tag("flow", flow).strongReference(true).register(registry);
        }
        return g;
    }

    private double secondsSince(Function<ObserveReads.Snapshot, Instant> pick) {
        Instant then = snapshots.current().map(t -> pick.apply(t.snapshot())).orElse(null);
        if (then == null) {
            return Double.NaN;
        }
        return Math.max(0, Duration.between(then, clock.instant()).toMillis() / 1000.0);
    }
}
