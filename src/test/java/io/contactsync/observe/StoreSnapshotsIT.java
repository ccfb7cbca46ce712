package io.contactsync.observe;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.contactsync.crm.TestClock;
import io.contactsync.state.JdbcStateStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state store gauges on a real H2 store whose connections can be made to fail, as a store that is briefly
 * locked or restarting does: a scrape never fails, keeps the last good values, counts the failure, and picks up the
 * store's values again once it answers.
 */
class StoreSnapshotsIT {

    private static final String CLIENT = "client-1";

    /** A real H2 data source that refuses connections while {@link #unavailable} is set. */
    static final class FlakyDataSource implements DataSource {
        private final JdbcDataSource h2 = new JdbcDataSource();
        volatile boolean unavailable;

        FlakyDataSource(String url) {
            h2.setURL(url);
            h2.setUser("sa");
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (unavailable) {
                throw new SQLTimeoutException("Timeout trying to lock table \"API_BUDGET\"");
            }
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private final FlakyDataSource data = new FlakyDataSource("jdbc:h2:mem:snapshots;DB_CLOSE_DELAY=-1");
    private final JdbcStateStore store = JdbcStateStore.open(data);
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        data.unavailable = false;
        store.close();
        try (Connection c = data.getConnection()) {
            c.createStatement().execute("DROP ALL OBJECTS");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_keep_the_last_good_values_and_count_the_failure_when_the_store_cannot_be_read() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        StoreSnapshots snapshots = new StoreSnapshots(store.observeReads(), List.of("crm-to-ctct"), CLIENT, clock, registry);
        StoreGauges.register(registry, snapshots, 100, clock);
        store.addApiUsage(CLIENT, today, 7, 0, null);

        assertThat(gauge("contactsync_api_budget_used")).isEqualTo(7);
        assertThat(gauge("contactsync_api_budget_left")).isEqualTo(93);

        data.unavailable = true;
        clock.advance(StoreSnapshots.MAX_AGE.plusSeconds(1));
        String failedScrape = registry.scrape();

        assertThat(failedScrape).contains("contactsync_api_budget_used 7.0");
        assertThat(gauge("contactsync_api_budget_used")).as("the last good value").isEqualTo(7);
        assertThat(registry.scrape()).as("one failed read, not retried within the snapshot's age")
                .contains("contactsync_state_read_failures_total 1.0");
        assertThat(snapshots.current()).hasValueSatisfying(t -> assertThat(t.lastFailure()).contains("lock"));

        data.unavailable = false;
        store.addApiUsage(CLIENT, today, 3, 0, null);
        assertThat(gauge("contactsync_api_budget_used")).as("not re-read within the snapshot's age").isEqualTo(7);
        clock.advance(StoreSnapshots.MAX_AGE);

        assertThat(gauge("contactsync_api_budget_used")).as("read again").isEqualTo(10);
        assertThat(snapshots.current()).hasValueSatisfying(t -> assertThat(t.lastFailure()).isNull());
    }

    @Test
    void should_show_nan_and_a_down_flow_when_the_store_never_answered() {
        data.unavailable = true;
        StoreSnapshots snapshots = new StoreSnapshots(store.observeReads(), List.of("crm-to-ctct"), CLIENT, clock, registry);
        StoreGauges.register(registry, snapshots, 100, clock);

        assertThat(Double.isNaN(gauge("contactsync_checkpoint_lag_seconds{flow=\"crm-to-ctct\"}"))).isTrue();
        FlowRunsCheck check = new FlowRunsCheck("crm-to-ctct", snapshots, Duration.ofMinutes(15), clock);
        assertThat(check.call().getState().name()).isEqualTo("DOWN");
        assertThat(check.call().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("could not be read"));
    }

    /** The value of one series in the scrape (name with its labels as the text format writes them). */
    private double gauge(String series) {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in the scrape");
    }
}
