package io.contactsync.state;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.contactsync.constantcontact.client.RequestPacer;
import io.contactsync.constantcontact.transport.CtctApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The shared daily request budget (mixed into {@link StateStoreContract}: H2 and PostgreSQL). */
interface ApiBudgetContract {

    LocalDate DAY = LocalDate.of(2025, 3, 1);

    JdbcStateStore store();

    JdbcStateStore openStore();

    @Test
    default void should_show_one_count_when_two_stores_add_to_one_day_of_one_client() {
        try (JdbcStateStore other = openStore()) {
            store().addApiUsage("client-a", DAY, 20, 1, null);
            ApiUsage after = other.addApiUsage("client-a", DAY, 15, 0, null);
            other.addApiUsage("client-b", DAY, 7, 0, null);
            store().addApiUsage("client-a", DAY.plusDays(1), 3, 0, null);

            assertThat(after.used()).isEqualTo(35);
            assertThat(store().apiUsage("client-a", DAY)).extracting(ApiUsage::used, ApiUsage::throttled).containsExactly(35L, 1L);
            assertThat(store().apiUsage("client-b", DAY).used()).isEqualTo(7);
            assertThat(store().apiUsage("client-c", DAY).used()).isZero();
        }
    }

    @Test
    default void should_lose_no_request_when_many_add_at_once() throws Exception {
        try (JdbcStateStore other = openStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JdbcStateStore s = i % 2 == 0 ? store() : other;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int n = 0; n < 10; n++) {
                            s.addApiUsage("client-a", DAY, 1, 0, null);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store().apiUsage("client-a", DAY).used()).isEqualTo(80);
        }
    }

    @Test
    default void should_keep_the_first_quota_exceeded_time_when_it_is_reported_again() {
        Instant first = DAY.atTime(15, 0).toInstant(ZoneOffset.UTC);
        store().addApiUsage("client-a", DAY, 1, 0, first);
        store().addApiUsage("client-a", DAY, 1, 0, first.plusSeconds(60));

        assertThat(store().apiUsage("client-a", DAY).quotaExceededAt()).isEqualTo(first);
    }

    @Test
    default void should_refuse_requests_beyond_the_budget_another_pacer_already_spent_when_pacers_share_the_store()
            throws InterruptedException {
        Clock clock = Clock.fixed(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try (JdbcStateStore other = openStore()) {
            RequestPacer first = new RequestPacer(100, 30, clock, new StateApiBudget(store()), "client-a");
            RequestPacer second = new RequestPacer(100, 30, clock, new StateApiBudget(other), "client-a");
            for (int i = 0; i < 25; i++) {
                first.acquire().close();
            }
            first.flushBudget();

            int sent = 0;
            Throwable refused = null;
            while (refused == null && sent < 30) {
                refused = catchThrowable(() -> second.acquire().close());
                if (refused == null) {
                    sent++;
                }
            }

            assertThat(sent).isEqualTo(5);
            assertThat(refused).isInstanceOfSatisfying(CtctApiException.class,
                    e -> assertThat(e.kind()).isEqualTo(CtctApiException.Kind.QUOTA_EXCEEDED));
            second.flushBudget();
            assertThat(store().apiUsage("client-a", DAY).used()).isEqualTo(30);
        }
    }
}
