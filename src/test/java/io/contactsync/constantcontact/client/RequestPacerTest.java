package io.contactsync.constantcontact.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pacer on a fake clock, against a model of the server: it admits (and counts) a request at some point between
 * the start of its sending and the arrival of its answer, and refuses the fifth in one second, counted either in a
 * sliding window (as the sandbox does) or in fixed clock seconds.
 */
class RequestPacerTest {

    private static final long MS = 1_000_000L;

    /** A clock that only moves when the pacer sleeps or a "request" takes time. */
    static final class FakeTicker implements RequestPacer.Ticker {
        long now = 1_000 * MS;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    private final FakeTicker ticker = new FakeTicker();
    private final RequestPacer pacer = new RequestPacer(4, 10_000,
            Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC), ticker);

    /** Sends one request: {@code before} ms until the server admits it, then {@code after} ms until its answer. */
    private long send(long before, long after) throws InterruptedException {
        try (RequestPacer.Permit permit = pacer.acquire()) {
            ticker.now += before * MS;
            long admitted = ticker.now;
            ticker.now += after * MS;
            return admitted;
        }
    }

    @Test
    void should_keep_a_fifth_request_out_of_the_second_when_the_first_was_admitted_late() throws InterruptedException {
        List<Long> admitted = new ArrayList<>();
        admitted.add(send(200, 1)); // e.g. a slow first connection: admitted 200 ms after its turn
        for (int i = 0; i < 4; i++) {
            admitted.add(send(0, 1));
        }

        assertThat(admitted.get(4) - admitted.get(0)).as("ms between the 1st and 5th admission")
                .isGreaterThan(1_000 * MS);
        assertThat(maxInSlidingSecond(admitted)).isLessThanOrEqualTo(4);
    }

    @Test
    void should_never_put_five_admissions_in_one_second_when_latencies_vary() throws InterruptedException {
        Random random = new Random(7);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long latency = random.nextInt(10) == 0 ? 200 + random.nextInt(600) : random.nextInt(40);
            long before = (long) (latency * random.nextDouble());
            admitted.add(send(before, latency - before));
        }

        assertThat(maxInSlidingSecond(admitted)).isLessThanOrEqualTo(4);
        assertThat(maxInFixedSecond(admitted)).isLessThanOrEqualTo(4);
    }

    @Test
    void should_send_close_to_the_rate_when_answers_are_fast() throws InterruptedException {
        long start = ticker.now;
        for (int i = 0; i < 401; i++) {
            send(0, 5);
        }

        double seconds = (ticker.now - start) / 1e9;
        assertThat(400 / seconds).as("requests per second").isBetween(3.5, 4.0);
    }

    @Test
    void should_hold_the_first_request_for_a_window_when_another_process_may_just_have_sent_some() throws InterruptedException {
        long made = ticker.now;

        long first = send(0, 0);

        assertThat(first - made).isGreaterThan(1_000 * MS);
    }

    @Test
    void should_not_hold_the_first_request_when_the_pacer_was_made_more_than_a_window_ago() throws InterruptedException {
        ticker.now += 2_000 * MS;
        long before = ticker.now;

        long first = send(0, 0);

        assertThat(first).isEqualTo(before);
    }

    @Test
    void should_space_request_starts_when_the_window_has_room() throws InterruptedException {
        long first = send(0, 0);
        long second = send(0, 0);

        assertThat(second - first).isGreaterThanOrEqualTo(250 * MS);
    }

    private static int maxInSlidingSecond(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        int max = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) >= 1_000 * MS) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    private static int maxInFixedSecond(List<Long> times) {
        return times.stream().collect(Collectors.groupingBy(t -> t / (1_000 * MS),
                Collectors.counting())).values().stream().mapToInt(Long::intValue).max().orElse(0);
    }
}
