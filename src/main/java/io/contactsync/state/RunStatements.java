package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The run record's SQL beyond start and finish (table {@code sync_run}, schema V5): queue a run, begin a queued
 * run, refuse it, write a page's progress (inside the page commit's transaction), read one run or the last ones.
 * Each method runs on a connection whose transaction the caller owns.
 */
final class RunStatements {

    private static final String COLUMNS = "id, flow, started_at, finished_at, status, counts, api_calls, duration_ms,"
            + " error, run_trigger, pages, expected_total, updated_at";

    private RunStatements() {
    }

    /** A new run record with status {@code status} (queued or running); returns its id. */
    static long insert(Connection c, String flow, RunStatus status, String trigger, String holder, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_run (flow, started_at, status, counts,"
                + " run_trigger, holder, updated_at) VALUES (?, ?, ?, '{}', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, flow);
            Sql.setInstant(ps, 2, at);
            ps.setString(3, status.id());
            ps.setString(4, trigger);
            ps.setString(5, holder);
            // A queued run's sign of life (its runner renews it while it waits); a running one's is its progress.
            Sql.setInstant(ps, 6, status == RunStatus.QUEUED ? at : null);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for the run record");
                }
                return keys.getLong(1);
            }
        }
    }

    /** Queued → running, its start time now; false when it is no longer queued (e.g. marked abandoned). */
    static boolean begin(Connection c, long id, Instant startedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sync_run SET status = ?, started_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, RunStatus.RUNNING.id());
            Sql.setInstant(ps, 2, startedAt);
            ps.setLong(3, id);
            ps.setString(4, RunStatus.QUEUED.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** Queued → refused with the reason; a no-op when it is no longer queued. */
    static void refuse(Connection c, long id, Instant at, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sync_run SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, RunStatus.REFUSED.id());
            Sql.setInstant(ps, 2, at);
            ps.setString(3, reason);
            ps.setLong(4, id);
            ps.setString(5, RunStatus.QUEUED.id());
            ps.executeUpdate();
        }
    }

    /** The runner still waits to start these queued runs: their sign of life ({@code updated_at}) is now. */
    static void touchQueued(Connection c, Collection<Long> ids, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sync_run SET updated_at = ? WHERE id = ? AND status = ?")) {
            for (long id : ids) {
                Sql.setInstant(ps, 1, at);
                ps.setLong(2, id);
                ps.setString(3, RunStatus.QUEUED.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A running run's progress; a run that already ended (e.g. marked abandoned) is left as it is. */
    static void progress(Connection c, RunProgress p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_run SET pages = ?, counts = ?, api_calls = ?,"
                + " expected_total = ?, updated_at = ? WHERE id = ? AND status = ?")) {
            ps.setLong(1, p.pages());
            ps.setString(2, StateJson.write(p.counts()));
            ps.setLong(3, p.apiCalls());
            if (p.expectedTotal() == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, p.expectedTotal());
            }
            Sql.setInstant(ps, 5, p.updatedAt());
            ps.setLong(6, p.runId());
            ps.setString(7, RunStatus.RUNNING.id());
            ps.executeUpdate();
        }
    }

    static Optional<RunRecord> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_run WHERE id = ?")) {
            ps.setLong(1, id);
            List<RunRecord> runs = read(ps);
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
        }
    }

    /** The newest runs first, across flows. */
    static List<RunRecord> last(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM sync_run ORDER BY started_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            return read(ps);
        }
    }

    /** The flow's open (queued or running) runs, oldest first. */
    static List<RunRecord> open(Connection c, String flow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM sync_run WHERE flow = ? AND status IN (?, ?) ORDER BY id")) {
            ps.setString(1, flow);
            ps.setString(2, RunStatus.QUEUED.id());
            ps.setString(3, RunStatus.RUNNING.id());
            return read(ps);
        }
    }

    private static List<RunRecord> read(PreparedStatement ps) throws SQLException {
        List<RunRecord> runs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long total = rs.getLong("expected_total");
                Long expected = rs.wasNull() ? null : total;
                runs.add(new RunRecord(rs.getLong("id"), rs.getString("flow"), Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "finished_at"), RunStatus.of(rs.getString("status")),
                        StateJson.readCounts(rs.getString("counts")), rs.getLong("api_calls"),
                        rs.getLong("duration_ms"), rs.getString("error"), rs.getString("run_trigger"),
                        rs.getLong("pages"), expected, Sql.instant(rs, "updated_at")));
            }
        }
        return runs;
    }
}
