package io.contactsync.observe;

import java.time.Clock;
import java.util.List;

import io.contactsync.state.RunProgress;
import io.contactsync.state.RunRecord;
import io.contactsync.sync.Flow;
import io.contactsync.sync.RunProgressListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The engine's metrics in one Prometheus registry: the engine binds it as Camel's {@code metricsRegistry}, so
 * camel-micrometer-prometheus adds Camel's own route metrics to the same registry instead of creating another. Holds
 * the Constant Contact call observer and the cycle counters; the state store gauges and health checks are added
 * once the store and the flows exist.
 */
public final class Observability {

    /** The name camel-micrometer-prometheus looks up (and would bind a registry of its own to). */
    public static final String CAMEL_REGISTRY_NAME = "metricsRegistry";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ApiCalls apiCalls;
    private final CycleMetrics cycles;
    private final Clock clock;

    public Observability(Clock clock) {
        this.clock = clock;
        this.apiCalls = new ApiCalls(registry, clock);
        this.cycles = new CycleMetrics(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The observer to give the Constant Contact client. */
    public ApiCalls apiCalls() {
        return apiCalls;
    }

    /** The listener to add to the flow runner: every finished cycle is counted once, from its closed run record. */
    public RunProgressListener cycles() {
        return new RunProgressListener() {
            @Override
            public void committed(Flow flow, RunProgress progress) {
                // Per-cycle metrics count a cycle once, when it ends; live progress is the run record's.
            }

            @Override
            public void finished(Flow flow, RunRecord run) {
                cycles.finished(run);
            }
        };
    }

    /** Registers the state store gauges (budget, dead letters, last success age, lag) and returns their snapshots. */
    public StoreSnapshots storeGauges(io.contactsync.state.ObserveReads reads, List<String> flows, String clientId,
                                      long dailyQuota) {
        StoreSnapshots snapshots = new StoreSnapshots(reads, flows, clientId, clock, registry);
        StoreGauges.register(registry, snapshots, dailyQuota, clock);
        return snapshots;
    }

    public void close() {
        registry.close();
    }
}
