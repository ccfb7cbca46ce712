package io.contactsync.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.T0;
import static io.contactsync.state.Pages.link;
import static io.contactsync.state.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the store opens H2 files: URL forms operators write, settings, pools it does or does not own. */
class JdbcStateStoreH2FileIT {

    @TempDir
    Path dir;

    @Test
    void should_create_missing_directories_when_h2_file_url_is_relative_without_dot_slash() throws IOException {
        Path base = Path.of("target", "state-it", UUID.randomUUID().toString());
        String url = "jdbc:h2:file:" + base.resolve("nested").resolve("state") + ";AUTO_SERVER=FALSE";
        try {
            try (JdbcStateStore store = JdbcStateStore.open(url, "sa", "")) {
                store.commit(page().checkpoint(CRM_TO_CTCT, T0, "").build());
            }

            assertThat(base.resolve("nested").resolve("state.mv.db")).isRegularFile();
        } finally {
            deleteTree(base);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {";MODE=PostgreSQL;DB_CLOSE_DELAY=-1", ";MODE=MySQL;DB_CLOSE_DELAY=-1", ";DB_CLOSE_DELAY=-1"})
    void should_keep_data_across_reopen_when_url_carries_mode_and_close_delay(String settings) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("state") + settings;
        try {
            try (JdbcStateStore store = JdbcStateStore.open(url, "sa", "")) {
                long outbox = store.addPendingActivity(CRM_TO_CTCT, "import", "{}");
                store.commit(page().link(link("1", "c-1", "A@x.org")).complete(outbox)
                        .checkpoint(CRM_TO_CTCT, T0, "1").build());
            }

            try (JdbcStateStore reopened = JdbcStateStore.open(url, "sa", "")) {
                assertThat(reopened.linksByEmails(List.of("a@X.org"))).containsKey("a@x.org");
                assertThat(reopened.checkpoint(CRM_TO_CTCT)).isPresent();
                assertThat(reopened.pendingActivities(CRM_TO_CTCT)).isEmpty();
            }
        } finally {
            // DB_CLOSE_DELAY=-1 keeps the database open after the pool closes; shut it down for the next case.
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void should_leave_the_callers_pool_open_when_store_is_closed() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("shared"));
        config.setUsername("sa");
        config.setPoolName("caller");
        try (HikariDataSource callers = new HikariDataSource(config)) {
            try (JdbcStateStore store = JdbcStateStore.open(callers)) {
                store.saveRefreshToken("client", "rt");
            }

            assertThat(callers.isClosed()).isFalse();
            try (Connection c = callers.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeQuery("SELECT COUNT(*) FROM oauth_token").next()).isTrue();
            }
        }
    }

    @Test
    void should_migrate_when_the_database_already_holds_other_tables() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("busy");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE qrtz_locks (sched_name VARCHAR(120), lock_name VARCHAR(40))");
        }

        try (JdbcStateStore store = JdbcStateStore.open(url, "sa", "")) {
            assertThat(store.linkCount()).isZero();
        }
    }

    @Test
    void should_name_the_operation_without_url_settings_when_database_cannot_be_opened() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        String url = "jdbc:h2:file:" + blocker.resolve("state") + ";PASSWORD_HASH=TRUE";

        assertThatThrownBy(() -> JdbcStateStore.open(url, "sa", "pw"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("'open'")
                .hasMessageNotContaining("PASSWORD_HASH");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
