package io.contactsync.state;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Requests one Constant Contact application sent on one UTC day, by every process that shares the store:
 * {@code used} requests, {@code throttled} 429 throttled answers, and when the server first said quota_exceeded
 * (null if it did not).
 */
public record ApiUsage(String clientId, LocalDate day, long used, long throttled, Instant quotaExceededAt) {

    public static ApiUsage none(String clientId, LocalDate day) {
        return new ApiUsage(clientId, day, 0, 0, null);
    }
}
