package io.contactsync.state;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The state store contract on PostgreSQL. Runs only when {@code CONTACTSYNC_TEST_PG_URL} (with {@code _USER} and
 * {@code _PASSWORD}) names a database the user may create schemas in; each test gets its own schema, dropped after.
 * Set-up on Debian 12 (as root), as CI does it:
 * <pre>
 * apt-get update &amp;&amp; apt-get install -y postgresql
 * pg_ctlcluster 15 main start -o "-c listen_addresses=127.0.0.1"
 * su postgres -c "psql -c \"CREATE ROLE state_test LOGIN PASSWORD 'state_test'\" -c \"CREATE DATABASE state_test OWNER state_test\""
 * export CONTACTSYNC_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/state_test
 * export CONTACTSYNC_TEST_PG_USER=state_test CONTACTSYNC_TEST_PG_PASSWORD=state_test
 * </pre>
 */
class JdbcStateStorePostgresIT extends StateStoreContract {

    private static final String URL = System.getenv("CONTACTSYNC_TEST_PG_URL");
    private static final String USER = System.getenv("CONTACTSYNC_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("CONTACTSYNC_TEST_PG_PASSWORD");

    private final String schema = "state_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    @Override
    void openTheStore() {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), "CONTACTSYNC_TEST_PG_URL not set");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + schema, e);
        }
        super.openTheStore();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        closeTheStore();
        store = null;
        if (URL == null || URL.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private String schemaUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public JdbcStateStore openStore() {
        return JdbcStateStore.open(schemaUrl(), USER, PASSWORD);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(schemaUrl(), USER, PASSWORD);
    }
}
