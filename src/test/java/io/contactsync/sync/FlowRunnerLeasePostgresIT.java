package io.contactsync.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.contactsync.state.JdbcStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two engines' runners on one PostgreSQL state store (the clustered set-up where a CLI sync and an admin-triggered
 * sync of one flow used to overlap). Runs only when {@code CONTACTSYNC_TEST_PG_URL} (with {@code _USER},
 * {@code _PASSWORD}) is set, like the other PostgreSQL suites; each test gets its own schema.
 */
class FlowRunnerLeasePostgresIT extends FlowRunnerLeaseContract {

    private static final String URL = System.getenv("CONTACTSYNC_TEST_PG_URL");
    private static final String USER = System.getenv("CONTACTSYNC_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("CONTACTSYNC_TEST_PG_PASSWORD");

    private final String schema = "lease_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void createSchema() throws SQLException {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), "CONTACTSYNC_TEST_PG_URL not set");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        closeEverything();
        if (URL == null || URL.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    protected JdbcStateStore openStore() {
        return JdbcStateStore.open(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, PASSWORD);
    }
}
