package io.contactsync.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's notion of "now": the system clock plus an offset that the control API can change, so tests can
 * expire tokens or roll the daily quota over. Timestamps are whole seconds, which lets several contacts share one
 * {@code updated_at} (the engine must cope with that on the real API too).
 */
public final class SandboxClock {
    private final Clock base;
    private final AtomicLong offsetSeconds = new AtomicLong();

    public SandboxClock(Clock base) {
        this.base = base;
    }

    /** The current sandbox time, truncated to whole seconds. */
    public Instant now() {
        return preciseNow().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The current sandbox time with the base clock's precision (for rate limiting). */
    public Instant preciseNow() {
        return base.instant().plusSeconds(offsetSeconds.get());
    }

    public long offsetSeconds() {
        return offsetSeconds.get();
    }

    public void setOffsetSeconds(long seconds) {
        offsetSeconds.set(seconds);
    }
}
