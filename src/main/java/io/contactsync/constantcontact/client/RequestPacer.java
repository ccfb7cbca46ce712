package io.contactsync.constantcontact.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.contactsync.constantcontact.transport.CtctApiException;

/**
 * Keeps the engine inside Constant Contact's per-application limits, and a local daily budget (reset at 00:00 UTC)
 * that stops calls before the server's {@code quota_exceeded}. Once the server reports the quota spent, every call
 * fails fast until the reset instead of hammering. Thread-safe.
 *
 * <p>The server counts a request when it <em>admits</em> it, which is at some unknown point between the moment the
 * engine starts sending it and the moment the answer arrives (after the body was read, after a slow first
 * connection…). Spacing request starts alone is therefore not enough: a request admitted late and the next ones
 * sent on time can put {@code N + 1} admissions in one second. So each request holds a {@link Permit} until its
 * answer arrives, and a new request starts only when fewer than {@code N} earlier requests ended (or are still in
 * flight) within the last second plus a margin. Then no window of one second, sliding or a fixed clock second, can
 * hold more than {@code N} admissions, whatever the latency. Starts are also spaced by {@code 1/rate} so the
 * requests of a second are spread over it instead of sent in a burst.
 *
 * <p>Constant Contact counts per application, not per process: the previous one-shot run may have sent its last
 * requests a moment ago. So a new pacer starts as if its window were full at the moment it was made; the first
 * request goes out one window after that (the engine's start-up time counts toward it).
 */
public final class RequestPacer {

    /** Covers the granularity of the server's clock and the gap between its clock and ours. */
    static final long WINDOW_MARGIN_NANOS = 50_000_000L;
    private static final long IN_FLIGHT = Long.MAX_VALUE;

    /** Time as the pacer sees it; swapped for a fake in tests. */
    interface Ticker {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    /** The right to send one request; close it when its answer (or failure) arrived. */
    public final class Permit implements AutoCloseable {
        private long end = IN_FLIGHT;

        @Override
        public void close() {
            synchronized (RequestPacer.this) {
                if (end == IN_FLIGHT) {
                    end = ticker.nanoTime();
                    RequestPacer.this.notifyAll();
                }
            }
        }
    }

    private final int perWindow;
    private final long windowNanos;
    private final long intervalNanos;
    private final int dailyBudget;
    private final Clock clock;
    private final Ticker ticker;
    private final List<Permit> recent = new ArrayList<>();
    private long lastStartNanos;
    private boolean started;
    private LocalDate day;
    private int usedToday;
    private Instant blockedUntil;
    private final AtomicLong totalRequests = new AtomicLong();

    public RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock) {
        this(requestsPerSecond, dailyBudget, clock, Ticker.SYSTEM);
    }

    RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock, Ticker ticker) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive");
        }
        // N requests per window of N/rate seconds: for a whole rate that is N per second.
        this.perWindow = Math.max(1, (int) Math.floor(requestsPerSecond));
        this.windowNanos = (long) (perWindow * 1_000_000_000L / requestsPerSecond) + WINDOW_MARGIN_NANOS;
        this.intervalNanos = (long) (1_000_000_000L / requestsPerSecond);
        this.dailyBudget = dailyBudget;
        this.clock = clock;
        this.ticker = ticker;
        long made = ticker.nanoTime();
        for (int i = 0; i < perWindow; i++) {
            Permit unknown = new Permit();
            unknown.end = made;
            recent.add(unknown);
        }
    }

    /**
     * Waits for this request's turn and returns its permit, to be closed once the answer arrived; throws
     * {@link CtctApiException.Kind#QUOTA_EXCEEDED} when the day is spent.
     */
    public Permit acquire() throws InterruptedException {
        spendBudget();
        while (true) {
            long wait;
            synchronized (this) {
                long now = ticker.nanoTime();
                wait = waitNanos(now);
                if (wait == 0) {
                    Permit permit = new Permit();
                    recent.add(permit);
                    lastStartNanos = now;
                    started = true;
                    totalRequests.incrementAndGet();
                    return permit;
                }
                if (wait == IN_FLIGHT) {
                    // Every slot of the window is held by a request still in flight: wait for one to end.
                    wait(100);
                    continue;
                }
            }
            ticker.sleepNanos(wait);
        }
    }

    /** How long a request starting at {@code now} must wait; {@link #IN_FLIGHT} when that depends on an answer. */
    private long waitNanos(long now) {
        long horizon = now - windowNanos;
        recent.removeIf(p -> p.end != IN_FLIGHT && p.end <= horizon);
        long spacing = started ? Math.max(0, lastStartNanos + intervalNanos - now) : 0;
        if (recent.size() < perWindow) {
            return spacing;
        }
        // Enough of the requests still in the window must drop out of it: the earliest ends go first.
        long[] ends = recent.stream().mapToLong(p -> p.end).sorted().toArray();
        long freeing = ends[recent.size() - perWindow];
        if (freeing == IN_FLIGHT) {
            return IN_FLIGHT;
        }
        return Math.max(spacing, Math.max(1, freeing + windowNanos - now + 1));
    }

    private synchronized void spendBudget() {
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
