package io.contactsync.constantcontact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.constantcontact.client.CtctHttpClient;
import io.contactsync.constantcontact.transport.CtctApiException;

/**
 * Polls bulk activities to their end. Several activities in flight are polled together: one
 * {@code GET /activities?limit=N} (newest first, with each activity's state, counts and errors) answers for all of
 * them, and only an activity too old to be on that page costs a {@code GET /activities/{id}} of its own. The first
 * poll waits in proportion to the rows the activities carry, and the wait grows by half each time up to the
 * maximum, so a large import is not polled while it cannot be done yet.
 */
final class ActivityPoller {

    /** Rows an activity is assumed to process per second before the first poll. */
    static final int ROWS_PER_SECOND_GUESS = 5_000;

    private final CtctHttpClient http;
    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Duration timeout;
    private final Function<JsonNode, Activity> reader;

    ActivityPoller(CtctHttpClient http, Clock clock, Duration initial, Duration max, Duration timeout,
                   Function<JsonNode, Activity> reader) {
        this.http = http;
        this.clock = clock;
        this.initial = initial;
        this.max = max;
        this.timeout = timeout;
        this.reader = reader;
    }

    /**
     * The first wait before polling activities that carry this many rows: the initial wait, plus the time the rows
     * take at {@link #ROWS_PER_SECOND_GUESS}, capped at the maximum wait.
     */
    static Duration firstWait(Duration initial, Duration max, long rows) {
        long millis = initial.toMillis() + rows * 1000 / ROWS_PER_SECOND_GUESS;
        return Duration.ofMillis(Math.max(initial.toMillis(), Math.min(max.toMillis(), millis)));
    }

    /** The next wait: half again as long, at most the maximum. */
    static Duration nextWait(Duration previous, Duration max) {
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(1, (long) (previous.toMillis() * 1.5))));
    }

    /**
     * Polls until every activity has ended or the timeout passed.
     *
     * @param rowsById the activities to await, each with the number of rows (contacts) it carries
     * @return the ended activities by id; one still running at the timeout is absent
     */
    Map<String, Activity> awaitAll(Map<String, Integer> rowsById) {
        Map<String, Activity> ended = new LinkedHashMap<>();
        Map<String, Integer> pending = new LinkedHashMap<>(rowsById);
        if (pending.isEmpty()) {
            return ended;
        }
        Instant deadline = clock.instant().plus(timeout);
        Duration wait = firstWait(initial, max, pending.values().stream().mapToLong(Integer::longValue).sum());
        while (true) {
            sleep(wait);
            for (Activity a : poll(pending.keySet().stream().toList())) {
                if (a.done()) {
                    ended.put(a.id(), a);
                    pending.remove(a.id());
                }
            }
            if (pending.isEmpty() || clock.instant().isAfter(deadline)) {
                return ended;
            }
            wait = nextWait(wait, max);
        }
    }

    /** One activity, polled alone (the outbox's settling of a single entry). */
    Activity await(String activityId) {
        Map<String, Activity> ended = awaitAll(Map.of(activityId, 0));
        Activity a = ended.get(activityId);
        if (a == null) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "activity " + activityId
                    + " still running after " + timeout, null, null, null);
        }
        return a;
    }

    /** The current state of these activities: one listing for all, and a GET for each one the listing did not show. */
    private List<Activity> poll(List<String> ids) {
        if (ids.size() == 1) {
            return List.of(reader.apply(http.get("/activities/" + ids.get(0))));
        }
        int limit = Math.min(CtctLimits.MAX_ACTIVITIES_PER_PAGE, Math.max(50, ids.size() * 2));
        Map<String, Activity> seen = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = http.get("/activities?limit=" + limit).path("activities").elements(); it.hasNext(); ) {
            Activity a = reader.apply(it.next());
            seen.put(a.id(), a);
        }
        return ids.stream().map(id -> seen.containsKey(id) ? seen.get(id) : reader.apply(http.get("/activities/" + id)))
                .toList();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "interrupted while polling", null, null, e);
        }
    }
}
