package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The few cheap reads health checks and metric gauges make: one connection, one short statement each, with a query
 * timeout, so a scrape never waits long on a store that is briefly locked (the caller keeps its last good answer).
 */
public final class ObserveReads {

    /** Seconds a statement may take before the read gives up (H2 file locks, a busy PostgreSQL). */
    static final int QUERY_TIMEOUT_SECONDS = 2;

    /** What the store says about the flows now. Maps are keyed by flow id; a flow without rows is absent. */
    public record Snapshot(Map<String, RunRecord> lastRun, Map<String, Instant> lastSuccess,
                           Map<String, Long> deadLetters, Map<String, Instant> checkpoints, ApiUsage budget) {
    }

    private final DataSource dataSource;

    ObserveReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A statement on a real table (not {@code SELECT 1}): the store answers and its schema is there. */
    public void ping() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM flow_lease")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.of("ping", e);
        }
    }

    public Snapshot snapshot(Collection<String> flows, String clientId, LocalDate day) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, RunRecord> lastRun = new LinkedHashMap<>();
            Map<String, Instant> lastSuccess = new LinkedHashMap<>();
            Map<String, Long> deadLetters = new LinkedHashMap<>();
            Map<String, Instant> checkpoints = new LinkedHashMap<>();
            for (String flow : flows) {
                RunRecord last = lastRun(c, flow, false);
                if (last != null) {
                    lastRun.put(flow, last);
                }
                RunRecord good = lastRun(c, flow, true);
                if (good != null && good.finishedAt() != null) {
                    lastSuccess.put(flow, good.finishedAt());
                }
                deadLetters.put(flow, deadLetters(c, flow));
                Instant position = checkpoint(c, flow);
                if (position != null) {
                    checkpoints.put(flow, position);
                }
            }
            ApiUsage budget = BudgetStatements.find(c, clientId, day);
            return new Snapshot(lastRun, lastSuccess, deadLetters, checkpoints, budget);
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.of("observe snapshot", e);
        }
    }

    /** The newest run of a flow; with {@code succeeded}, the newest that committed every page (partial included). */
    private static RunRecord lastRun(Connection c, String flow, boolean succeeded) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, flow, started_at, finished_at, status, api_calls,"
                + " duration_ms, error FROM sync_run WHERE flow = ?"
                + (succeeded ? " AND status IN ('succeeded', 'partial')" : "")
                + " ORDER BY started_at DESC, id DESC LIMIT 1")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new RunRecord(rs.getLong("id"), rs.getString("flow"), Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "finished_at"), RunStatus.of(rs.getString("status")), Map.of(),
                        rs.getLong("api_calls"), rs.getLong("duration_ms"), rs.getString("error"));
            }
        }
    }

    private static long deadLetters(Connection c, String flow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter WHERE flow = ?")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Instant checkpoint(Connection c, String flow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM checkpoints WHERE flow = ?")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.instant(rs, "position") : null;
            }
        }
    }
}
