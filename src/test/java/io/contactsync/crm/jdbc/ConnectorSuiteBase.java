package io.contactsync.crm.jdbc;

import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.TestClock;
import io.contactsync.crm.demo.DemoCrm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared set-up of the connector suites: a fresh demo table in a real database, a hand-moved clock, row helpers. */
abstract class ConnectorSuiteBase {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path tempDir;

    TestDatabase db;
    final TestClock clock = new TestClock(T0.plusSeconds(86_400));
    final AtomicInteger generated = new AtomicInteger();
    private final List<JdbcCrmConnector> opened = new ArrayList<>();

    /** The database under test. */
    abstract TestDatabase openDatabase(Path dir);

    @BeforeEach
    void createDemoTable() {
        db = openDatabase(tempDir);
        new DemoCrm(db.dataSource(), clock).createTableIfMissing();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(JdbcCrmConnector::close);
        if (db != null) {
            db.close();
        }
    }

    JdbcCrmSettings settings() {
        return db.settings().withIdGenerator(() -> "gen-" + generated.incrementAndGet());
    }

    JdbcCrmConnector connector() {
        return connector(settings());
    }

    JdbcCrmConnector connector(JdbcCrmSettings settings) {
        JdbcCrmConnector connector = new JdbcCrmConnector(db.dataSource(), settings, clock);
        opened.add(connector);
        return connector;
    }

    void insert(String id, String email, Instant updatedAt) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO crm_contact (id, email, first_name, last_name, city, tier, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(true);
            ps.setString(1, id);
            ps.setString(2, email);
            ps.setString(3, "First " + id);
            ps.setString(4, "Last " + id);
            ps.setString(5, "Berlin");
            ps.setString(6, "gold");
            ps.setObject(7, updatedAt == null ? null : updatedAt.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the demo table hold rows without an updated-at, as some CRMs do. */
    void allowNullUpdatedAt() {
        db.execute("ALTER TABLE crm_contact ALTER COLUMN updated_at DROP NOT NULL");
    }

    /** One column of one row, read with plain JDBC. */
    Object column(String id, String column) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + column + " FROM crm_contact WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime ts = column.equals("updated_at") ? rs.getObject(1, OffsetDateTime.class) : null;
                Object value = column.equals("updated_at") ? (ts == null ? null : ts.toInstant()) : rs.getObject(1);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return value;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String table) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every change after {@code from} page by page; returns them in read order. */
    static List<CrmRecord> readAll(JdbcCrmConnector connector, CrmPosition from, int pageSize) {
        List<CrmRecord> all = new ArrayList<>();
        CrmPosition position = from;
        CrmPage page;
        do {
            page = connector.readChanges(position, pageSize);
            all.addAll(page.records());
            position = page.last() == null ? position : page.last();
        } while (page.hasMore());
        return all;
    }
}
