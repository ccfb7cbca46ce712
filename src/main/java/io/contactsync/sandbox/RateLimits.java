package io.contactsync.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Constant Contact's per-API-key limits: a sliding one-second window and a daily quota that resets at 00:00 UTC of
 * the sandbox clock. Requests refused with 429 do not consume either budget. Thread-safe (synchronized).
 */
final class RateLimits {

    /** Why a request was refused. */
    enum Refusal {
        THROTTLED("throttled", "Too Many Requests"),
        QUOTA_EXCEEDED("quota_exceeded", "Limit Exceeded");

        final String errorKey;
        final String message;

        Refusal(String errorKey, String message) {
            this.errorKey = errorKey;
            this.message = message;
        }
    }

    private final int perSecond;
    private final int perDay;
    private final Map<String, Deque<Instant>> windows = new HashMap<>();
    private final Map<String, LocalDate> days = new HashMap<>();
    private final Map<String, Integer> dayCounts = new HashMap<>();

    RateLimits(int perSecond, int perDay) {
        this.perSecond = perSecond;
        this.perDay = perDay;
    }

    /** Admits one request of {@code clientId} at {@code now}, or says why not. */
    synchronized Optional<Refusal> admit(String clientId, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        if (!today.equals(days.get(clientId))) {
            days.put(clientId, today);
            dayCounts.put(clientId, 0);
        }
        if (dayCounts.get(clientId) >= perDay) {
            return Optional.of(Refusal.QUOTA_EXCEEDED);
        }
        Deque<Instant> window = windows.computeIfAbsent(clientId, k -> new ArrayDeque<>());
        Instant horizon = now.minusSeconds(1);
        while (!window.isEmpty() && !window.peekFirst().isAfter(horizon)) {
            window.pollFirst();
        }
        // A clock skewed backwards leaves future entries in the window; drop them rather than block forever.
        window.removeIf(t -> t.isAfter(now));
        if (window.size() >= perSecond) {
            return Optional.of(Refusal.THROTTLED);
        }
        window.addLast(now);
        dayCounts.merge(clientId, 1, Integer::sum);
        return Optional.empty();
    }

    synchronized void reset() {
        windows.clear();
        days.clear();
        dayCounts.clear();
    }
}
