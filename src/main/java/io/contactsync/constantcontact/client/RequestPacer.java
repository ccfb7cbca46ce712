package io.contactsync.constantcontact.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import io.contactsync.constantcontact.transport.CtctApiException;

/**
 * Keeps the engine inside Constant Contact's per-application limits: request starts are spaced so no
 * one-second window holds more than {@code requestsPerSecond}, and a local daily budget (reset at 00:00 UTC)
 * stops calls before the server's {@code quota_exceeded}. Once the server reports the quota spent, every call
 * fails fast until the reset instead of hammering. Thread-safe.
 */
public final class RequestPacer {

    private final long intervalNanos;
    private final int dailyBudget;
    private final Clock clock;
    private long nextStartNanos = System.nanoTime();
    private LocalDate day;
    private int usedToday;
    private Instant blockedUntil;
    private final AtomicLong totalRequests = new AtomicLong();

    public RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock) {
        // A small margin: a window of exactly one second may otherwise see one request too many.
        this.intervalNanos = (long) (1_000_000_000L / requestsPerSecond * 1.05);
        this.dailyBudget = dailyBudget;
        this.clock = clock;
    }

    /** Waits for this request's turn; throws {@link CtctApiException.Kind#QUOTA_EXCEEDED} when the day is spent. */
    public void acquire() throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (!today.equals(day)) {
                day = today;
                usedToday = 0;
            }
            if (blockedUntil != null && now.isBefore(blockedUntil)) {
                throw quota("the daily request quota is spent");
            }
            if (usedToday >= dailyBudget) {
                blockedUntil = nextReset(now);
                throw quota("the local daily budget of " + dailyBudget + " requests is spent");
            }
            usedToday++;
            long t = System.nanoTime();
            long start = Math.max(t, nextStartNanos);
            nextStartNanos = start + intervalNanos;
            waitNanos = start - t;
        }
        totalRequests.incrementAndGet();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    /** The server answered {@code quota_exceeded}: no call until the next 00:00 UTC. */
    public synchronized CtctApiException quotaExceededByServer() {
        blockedUntil = nextReset(clock.instant());
        return quota("Constant Contact answered quota_exceeded");
    }

    /** Requests started through this pacer since it was made. */
    public long totalRequests() {
        return totalRequests.get();
    }

    private CtctApiException quota(String why) {
        Instant resume = blockedUntil != null ? blockedUntil : nextReset(clock.instant());
        return new CtctApiException(CtctApiException.Kind.QUOTA_EXCEEDED, 429,
                why + "; calls resume after " + resume, null, resume, null);
    }

    private static Instant nextReset(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
