package io.contactsync.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsync.state.RunRecord;
import io.contactsync.sync.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-flow counters from each finished cycle's counts (the same numbers as its summary line and run record), and the
 * cycle duration by flow and status. Counters start at zero when the process starts (Prometheus handles resets).
 */
public final class CycleMetrics {

    /** The counters that each count a record written to its target: one per record (imported is part of created/updated). */
    static final List<Counter> WRITTEN = List.of(Counter.CREATED, Counter.UPDATED, Counter.DELETED,
            Counter.CRM_CREATED, Counter.CRM_UPDATED, Counter.CRM_DELETED);

    private final MeterRegistry registry;

    public CycleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One finished run (any status); a run still running has no counts yet and is ignored. */
    public void finished(RunRecord run) {
        if (run.finishedAt() == null) {
            return;
        }
        String flow = run.flow();
        Map<String, Long> counts = run.counts();
        add("contactsync.records.read", "Records read from the source", flow, value(counts, Counter.READ));
        add("contactsync.records.written", "Records created, updated or deleted in the target", flow,
                WRITTEN.stream().mapToLong(c -> value(counts, c)).sum());
        add("contactsync.records.parked", "Records parked as dead letters", flow, value(counts, Counter.PARKED));
        add("contactsync.conflicts", "Fields both sides changed (resolved by the conflict policy)", flow,
                value(counts, Counter.CONFLICTS));
        for (Counter c : Counter.values()) {
            long n = value(counts, c);
            if (n != 0) {
                io.micrometer.core.instrument.Counter.builder("contactsync.cycle.records")
                        .description("Every counter of the cycle summaries, by flow and counter")
                        .tag("flow", flow).tag("counter", c.key()).register(registry).increment(n);
            }
        }
        Timer.builder("contactsync.cycle.duration").description("Duration of sync cycles, by flow and outcome")
                .tag("flow", flow).tag("status", run.status().id())
                .register(registry).record(Duration.ofMillis(Math.max(0, run.durationMs())));
    }

    private void add(String name, String description, String flow, long n) {
        // Registered even at zero, so a flow's series exists from its first cycle on.
        io.micrometer.core.instrument.Counter.builder(name).description(description).tag("flow", flow)
                .register(registry).increment(n);
    }

    private static long value(Map<String, Long> counts, Counter c) {
        return counts.getOrDefault(c.key(), 0L);
    }
}
