package io.contactsync.admin;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.contactsync.state.RunProgress;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Counts;

/**
 * The live progress of a run in words and numbers (pure): the CLI's one-line progress on a terminal, and the figures
 * {@code GET /admin/runs/{id}} and {@code status} show. {@code written} is what reached the other side: created +
 * updated + deleted in Constant Contact, or created + updated + deleted in the CRM. The ETA is only given when the
 * run knows how many records it expects (the source counted them at the start); it is never guessed.
 */
public final class ProgressLine {

    private ProgressLine() {
    }

    /** Records read so far. */
    public static long read(RunProgress p) {
        return p.count(Counter.READ.key());
    }

    /** Records written to the other side so far. */
    public static long written(RunProgress p) {
        return Counts.written(p.counts());
    }

    public static long parked(RunProgress p) {
        return p.count(Counter.PARKED.key());
    }

    /**
     * Time left at the pace so far: {@code elapsed × (total − done) / done}; empty when the total is unknown, or
     * nothing is done yet (no pace to go by). Zero once done reaches the total.
     */
    public static Optional<Duration> eta(Long expectedTotal, long done, Duration elapsed) {
        if (expectedTotal == null || done <= 0 || elapsed == null || elapsed.isNegative()) {
            return Optional.empty();
        }
        long left = Math.max(0, expectedTotal - done);
        return Optional.of(Duration.ofMillis(Math.round(elapsed.toMillis() * (double) left / done)));
    }

    /**
     * E.g. {@code crm-to-ctct  page 4  · 2,000 read · 1,950 written · 3 parked · 14 API calls · 0:41 elapsed · ETA 0:30}
     * ({@code ETA unknown} when it cannot be told).
     */
    public static String format(String flow, RunProgress p, Duration elapsed) {
        Optional<Duration> eta = eta(p.expectedTotal(), read(p), elapsed);
        return String.format(Locale.ROOT, "%s  page %d  · %,d read · %,d written · %,d parked · %,d API calls · %s elapsed · ETA %s",
                flow, p.pages(), read(p), written(p), parked(p), p.apiCalls(), clock(elapsed),
                eta.map(ProgressLine::clock).orElse("unknown"));
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on; whole seconds. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
