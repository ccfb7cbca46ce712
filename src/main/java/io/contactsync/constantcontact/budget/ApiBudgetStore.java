package io.contactsync.constantcontact.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the daily request count of one Constant Contact application is kept. Constant Contact counts per
 * application, so every process of one application (the service, a command line next to it, the next start)
 * must add to one count: the engine keeps it in its state store. Implementations must be thread-safe and must
 * never lose a concurrent addition.
 */
public interface ApiBudgetStore {

    /** One UTC day of one application: requests sent, 429 throttled answers, first quota_exceeded (or null). */
    record DayUsage(long used, long throttled, Instant quotaExceededAt) {
        public static final DayUsage NONE = new DayUsage(0, 0, null);
    }

    /** The day's counts so far, by every process; {@link DayUsage#NONE} for a day without requests. */
    DayUsage load(String clientId, LocalDate utcDay);

    /**
     * Adds to the day's counts and returns the totals after adding, which include other processes' requests.
     *
     * @param quotaExceededAt when the server said quota_exceeded now, else null (a recorded time is kept)
     */
    DayUsage add(String clientId, LocalDate utcDay, long requests, long throttled, Instant quotaExceededAt);

    /** A count that lives and dies with this process (tests, and tools without a state store). */
    static ApiBudgetStore inMemory() {
        Map<String, DayUsage> days = new ConcurrentHashMap<>();
        return new ApiBudgetStore() {
            @Override
            public DayUsage load(String clientId, LocalDate utcDay) {
                return days.getOrDefault(clientId + "/" + utcDay, DayUsage.NONE);
            }

            @Override
            public DayUsage add(String clientId, LocalDate utcDay, long requests, long throttled, Instant quotaExceededAt) {
                return days.merge(clientId + "/" + utcDay, new DayUsage(requests, throttled, quotaExceededAt),
                        (a, b) -> new DayUsage(a.used() + b.used(), a.throttled() + b.throttled(),
                                a.quotaExceededAt() != null ? a.quotaExceededAt() : b.quotaExceededAt()));
            }
        };
    }
}
