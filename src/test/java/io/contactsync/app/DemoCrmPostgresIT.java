package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo-crm} seeds a PostgreSQL CRM as docker/compose.yaml's init service does: a real child process with the
 * password in {@code CRM_JDBC_PASSWORD}, and {@code --if-empty} adds nothing the second time. Own schema per test;
 * runs only when {@code CONTACTSYNC_TEST_PG_URL} is set.
 */
class DemoCrmPostgresIT {

    private static final String URL = System.getenv("CONTACTSYNC_TEST_PG_URL");
    private static final String USER = System.getenv("CONTACTSYNC_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("CONTACTSYNC_TEST_PG_PASSWORD");

    @TempDir
    Path dir;

    private final String schema = "democrm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void createSchema() throws SQLException {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), "CONTACTSYNC_TEST_PG_URL not set");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (URL != null && !URL.isBlank()) {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void should_create_and_fill_the_demo_table_once_on_postgresql() throws Exception {
        Path config = Files.writeString(dir.resolve("crm.properties"),
                "sync.crm.jdbc.url=" + schemaUrl() + "\nsync.crm.jdbc.user=" + USER + "\n");

        String first = demoCrm(config);
        String second = demoCrm(config);

        assertThat(first).contains("25 contacts added, 25 in all");
        assertThat(second).contains("0 contacts added, 25 in all");
        try (Connection c = DriverManager.getConnection(schemaUrl(), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT email), MIN(id) FROM crm_contact WHERE updated_at IS NOT NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(25);
            assertThat(rs.getLong(2)).isEqualTo(25);
            assertThat(rs.getString(3)).isEqualTo("c000001");
        }
    }

    private String demoCrm(Path config) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ContactSyncMain.class.getName(),
                "demo-crm", "--config", config.toString(), "--contacts", "25", "--if-empty"))
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true);
        pb.environment().put("CRM_JDBC_PASSWORD", PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private String schemaUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
