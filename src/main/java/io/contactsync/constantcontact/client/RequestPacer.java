package io.contactsync.constantcontact.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.contactsync.constantcontact.budget.ApiBudgetStore;
import io.contactsync.constantcontact.transport.CtctApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The daily budget is per application too, so its count lives in an {@link ApiBudgetStore} shared by every
 * process (the engine's state store): read on the day's first request, added to every {@link #FLUSH_EVERY}
 * requests (and by {@link #flushBudget()} at the end of a cycle) so the budget costs no round trip per request. Each
 * addition returns the shared total, which brings in the other processes' requests. A process may therefore
 * overshoot the shared budget by at most {@code FLUSH_EVERY - 1} requests per other process.
 */
public final class RequestPacer {

    /** Covers the granularity of the server's clock and the gap between its clock and ours. */
    static final long WINDOW_MARGIN_NANOS = 50_000_000L;
    /** Requests counted locally before they are added to the shared daily count. */
    public static final int FLUSH_EVERY = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RequestPacer.class);
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
    private final ApiBudgetStore budgetStore;
    private final String clientId;
    private LocalDate day;
    /** The shared count of {@link #day} as of the last read or addition. */
    private long sharedUsed;
    /** Requests and 429 throttled answers of {@link #day} not yet added to the shared count. */
    private long unflushed;
    private long unflushedThrottled;
    private Instant blockedUntil;
    private final AtomicLong totalRequests = new AtomicLong();

    /** A pacer whose daily count lives in this process only. */
    public RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock) {
        this(requestsPerSecond, dailyBudget, clock, Ticker.SYSTEM, ApiBudgetStore.inMemory(), "local");
    }

    /** A pacer that shares its daily count, kept per UTC day under {@code clientId}, through {@code budgetStore}. */
    public RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock, ApiBudgetStore budgetStore, String clientId) {
        this(requestsPerSecond, dailyBudget, clock, Ticker.SYSTEM, budgetStore, clientId);
    }

    RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock, Ticker ticker) {
        this(requestsPerSecond, dailyBudget, clock, ticker, ApiBudgetStore.inMemory(), "local");
    }

    RequestPacer(double requestsPerSecond, int dailyBudget, Clock clock, Ticker ticker, ApiBudgetStore budgetStore,
                 String clientId) {
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
        this.budgetStore = budgetStore;
        this.clientId = clientId;
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
            startDay(today, now);
        }
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            throw quota("the daily request quota is spent");
        }
        if (sharedUsed + unflushed >= dailyBudget) {
            blockedUntil = nextReset(now);
            throw quota("the daily budget of " + dailyBudget + " requests is spent (by every process of this application)");
        }
        unflushed++;
        if (unflushed >= FLUSH_EVERY) {
            flush(null);
        }
    }

    /** A new UTC day: the previous day's remainder is added to it, then the new day's shared count is read. */
    private void startDay(LocalDate today, Instant now) {
        if (day != null) {
            flush(null);
        }
        day = today;
        sharedUsed = 0;
        unflushed = 0;
        unflushedThrottled = 0;
        blockedUntil = null;
        try {
            ApiBudgetStore.DayUsage usage = budgetStore.load(clientId, today);
            sharedUsed = usage.used();
            if (usage.quotaExceededAt() != null) {
                blockedUntil = nextReset(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read today's request count ({}); counting from 0 in this process", e.getMessage());
        }
    }

    /** Adds what this process counted to the shared count; on failure keeps it to add the next time. */
    private void flush(Instant quotaExceededAt) {
        if (day == null || (unflushed == 0 && unflushedThrottled == 0 && quotaExceededAt == null)) {
            return;
        }
        try {
            ApiBudgetStore.DayUsage usage = budgetStore.add(clientId, day, unflushed, unflushedThrottled, quotaExceededAt);
            sharedUsed = usage.used();
            unflushed = 0;
            unflushedThrottled = 0;
            if (usage.quotaExceededAt() != null && blockedUntil == null) {
                // Another process of this application was told quota_exceeded: stop too, until the reset.
                blockedUntil = nextReset(clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not add {} requests to today's shared count ({}); will try again", unflushed, e.getMessage());
        }
    }

    /** Adds this process's uncounted requests to the shared daily count now (the engine calls it after each cycle). */
    public synchronized void flushBudget() {
        flush(null);
    }

    /** The server answered 429 throttled (too many requests per second): counted in the day's history. */
    public synchronized void throttledByServer() {
        if (day != null) {
            unflushedThrottled++;
        }
    }

    /** The server answered {@code quota_exceeded}: no call until the next 00:00 UTC, in any process of this application. */
    public synchronized CtctApiException quotaExceededByServer() {
        Instant now = clock.instant();
        blockedUntil = nextReset(now);
        if (day == null) {
            day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        }
        flush(now);
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
