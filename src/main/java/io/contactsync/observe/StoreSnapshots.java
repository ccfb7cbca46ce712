package io.contactsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsync.state.ApiUsage;
import io.contactsync.state.ObserveReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the state store says about the flows (last runs, dead letters, checkpoints, the day's API budget), read at
 * most once per {@link #MAX_AGE} however often health and metrics ask. A read that fails (the store briefly locked or
 * down) keeps the last good snapshot and counts {@code contactsync_state_read_failures_total}: a scrape never fails
 * and never waits more than the statements' timeout.
 */
public final class StoreSnapshots {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(StoreSnapshots.class);

    /** A snapshot, when it was read, and the failure of the latest attempt if it failed. */
    public record Taken(ObserveReads.Snapshot snapshot, Instant readAt, String lastFailure) {
    }

    private final ObserveReads reads;
    private final List<String> flows;
    private final String clientId;
    private final Clock clock;
    private final Counter failures;
    private Taken taken;
    private Instant lastAttempt;

    public StoreSnapshots(ObserveReads reads, List<String> flows, String clientId, Clock clock, MeterRegistry registry) {
        this.reads = reads;
        this.flows = List.copyOf(flows);
        this.clientId = clientId;
        this.clock = clock;
        this.failures = Counter.builder("contactsync.state.read.failures")
                .description("Reads of the state store for health or metrics that failed (the last good values were kept)")
                .register(registry);
    }

    /** The newest snapshot there is; empty only when no read has succeeded yet. */
    public synchronized Optional<Taken> current() {
        Instant now = clock.instant();
        if (lastAttempt == null || Duration.between(lastAttempt, now).compareTo(MAX_AGE) >= 0) {
            lastAttempt = now;
            try {
                ObserveReads.Snapshot s = reads.snapshot(flows, clientId, LocalDate.ofInstant(now, ZoneOffset.UTC));
                taken = new Taken(s, now, null);
            } catch (RuntimeException e) {
                failures.increment();
                LOG.debug("State store read for health/metrics failed: {}", e.getMessage());
                taken = taken == null ? null : new Taken(taken.snapshot(), taken.readAt(), e.getMessage());
                if (taken == null) {
                    return Optional.empty();
                }
            }
        }
        return Optional.ofNullable(taken);
    }

    public List<String> flows() {
        return flows;
    }

    /** Today's (UTC) usage of the budget, as of the snapshot (a snapshot from yesterday counts as none used). */
    public ApiUsage budget() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return current().map(t -> t.snapshot().budget()).filter(b -> b.day().equals(today))
                .orElse(ApiUsage.none(clientId, today));
    }

    public Map<String, Long> deadLetters() {
        return current().map(t -> t.snapshot().deadLetters()).orElse(Map.of());
    }
}
