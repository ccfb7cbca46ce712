package io.contactsync.crm.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real database for the connector suites: an H2 file in a temp dir, or the PostgreSQL named by the environment. */
public interface TestDatabase extends AutoCloseable {

    String PG_URL = "CONTACTSYNC_TEST_PG_URL";
    String PG_USER = "CONTACTSYNC_TEST_PG_USER";
    String PG_PASSWORD = "CONTACTSYNC_TEST_PG_PASSWORD";

    DataSource dataSource();

    /** Default settings pointing at this database (for the constructor that opens its own pool). */
    JdbcCrmSettings settings();

    @Override
    void close();

    default void execute(String... statements) {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestDatabase h2(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("crm").toAbsolutePath();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        return new TestDatabase() {
            public DataSource dataSource() {
                return pool;
            }

            public JdbcCrmSettings settings() {
                return JdbcCrmSettings.of(url, "sa", "");
            }

            public void close() {
                pool.dispose();
            }
        };
    }

    /** The PostgreSQL of {@value #PG_URL}; skips the test (JUnit assumption) when it is not set. Drops the test tables. */
    static TestDatabase postgres() {
        String url = System.getenv(PG_URL);
        Assumptions.assumeTrue(url != null && !url.isBlank(), PG_URL + " is not set: PostgreSQL tests skipped");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(System.getenv(PG_USER));
        config.setPassword(System.getenv(PG_PASSWORD));
        config.setMaximumPoolSize(3);
        config.setPoolName("crm-test");
        HikariDataSource pool = new HikariDataSource(config);
        TestDatabase db = new TestDatabase() {
            public DataSource dataSource() {
                return pool;
            }

            public JdbcCrmSettings settings() {
                return JdbcCrmSettings.of(url, System.getenv(PG_USER), System.getenv(PG_PASSWORD));
            }

            public void close() {
                pool.close();
            }
        };
        db.execute("DROP TABLE IF EXISTS crm_contact", "DROP TABLE IF EXISTS crm_typed",
                "DROP TABLE IF EXISTS crm_plain");
        return db;
    }
}
