package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of flow leases ({@code flow_lease}, V4). Acquisition is one transaction that either inserts the row (the
 * flow was free), or takes over an expired row with a compare-and-set on the holder and acquisition time it read;
 * a concurrent acquirer makes the INSERT fail on the primary key, or the UPDATE match no row, and so loses. In the
 * same transaction, runs of the flow still marked {@code running} are marked {@code abandoned}: whoever holds the
 * lease is the only process that may be running the flow, so any other open run belongs to a dead process.
 */
final class LeaseStatements {

    /** SQL states that mean "another transaction got there first": unique violation, PG serialization, H2 concurrent update. */
    private static final List<String> LOST_RACE = List.of("23505", "40001", "90131");

    private LeaseStatements() {
    }

    static Optional<FlowLease> find(Connection c, String flow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT holder, run_id, acquired_at, heartbeat_at, expires_at"
                + " FROM flow_lease WHERE flow = ?")) {
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long runId = rs.getLong("run_id");
                return Optional.of(new FlowLease(flow, rs.getString("holder"), rs.wasNull() ? null : runId,
                        Sql.instant(rs, "acquired_at"), Sql.instant(rs, "heartbeat_at"), Sql.instant(rs, "expires_at")));
            }
        }
    }

    /** Takes the lease or reports its live holder; the caller commits (or rolls back on a lost race). */
    static LeaseOutcome tryAcquire(Connection c, String flow, String holder, Duration ttl, Instant now) throws SQLException {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        FlowLease mine = new FlowLease(flow, holder, null, at, at, at.plus(ttl));
        Optional<FlowLease> current = find(c, flow);
        if (current.isEmpty()) {
            insert(c, mine);
        } else {
            FlowLease old = current.get();
            if (!old.expiredAt(now) && !old.holder().equals(holder)) {
                return new LeaseOutcome.Held(old);
            }
            if (!takeOver(c, old, mine)) {
                return find(c, flow).<LeaseOutcome>map(LeaseOutcome.Held::new)
                        .orElseThrow(() -> new SQLException("lease of " + flow + " changed concurrently", "40001"));
            }
        }
        FlowLease previous = current.filter(old -> !old.holder().equals(holder)).orElse(null);
        return new LeaseOutcome.Acquired(mine, previous, abandonRuns(c, flow, previous, holder, at, ttl));
    }

    private static void insert(Connection c, FlowLease l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO flow_lease (flow, holder, run_id, acquired_at,"
                + " heartbeat_at, expires_at) VALUES (?, ?, NULL, ?, ?, ?)")) {
            ps.setString(1, l.flow());
            ps.setString(2, l.holder());
            Sql.setInstant(ps, 3, l.acquiredAt());
            Sql.setInstant(ps, 4, l.heartbeatAt());
            Sql.setInstant(ps, 5, l.expiresAt());
            ps.executeUpdate();
        }
    }

    /** Compare-and-set: only if the row is still the one read (same holder, same acquisition). */
    private static boolean takeOver(Connection c, FlowLease old, FlowLease l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE flow_lease SET holder = ?, run_id = NULL, acquired_at = ?,"
                + " heartbeat_at = ?, expires_at = ? WHERE flow = ? AND holder = ? AND acquired_at = ?")) {
            ps.setString(1, l.holder());
            Sql.setInstant(ps, 2, l.acquiredAt());
            Sql.setInstant(ps, 3, l.heartbeatAt());
            Sql.setInstant(ps, 4, l.expiresAt());
            ps.setString(5, l.flow());
            ps.setString(6, old.holder());
            Sql.setInstant(ps, 7, old.acquiredAt());
            return ps.executeUpdate() == 1;
        }
    }

    private static List<Long> abandonRuns(Connection c, String flow, FlowLease dead, String taker, Instant at,
                                          Duration ttl)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        // Running runs: whoever holds the lease is the only one running the flow. Queued runs (V5): those of another
        // holder whose runner stopped touching them (updated_at, renewed every third of the ttl while it waits):
        // a process that queued them and died.
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sync_run WHERE flow = ? AND (status = ?"
                + " OR (status = ? AND (holder IS NULL OR holder <> ?) AND (updated_at IS NULL OR updated_at < ?)))"
                + " ORDER BY id")) {
            ps.setString(1, flow);
            ps.setString(2, RunStatus.RUNNING.id());
            ps.setString(3, RunStatus.QUEUED.id());
            ps.setString(4, taker);
            Sql.setInstant(ps, 5, at.minus(ttl));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return ids;
        }
        String why = dead == null
                ? "abandoned: no process held the " + flow + " lease any more when " + taker + " took it at " + at
                : "abandoned: its process " + dead.holder() + " stopped renewing the " + flow + " lease (last heartbeat "
                        + dead.heartbeatAt() + ", expired " + dead.expiresAt() + "); " + taker + " took it over at " + at;
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_run SET status = ?, finished_at = ?, error = ?"
                + " WHERE id = ? AND status IN (?, ?)")) {
            for (long id : ids) {
                ps.setString(1, RunStatus.ABANDONED.id());
                Sql.setInstant(ps, 2, at);
                ps.setString(3, why);
                ps.setLong(4, id);
                ps.setString(5, RunStatus.RUNNING.id());
                ps.setString(6, RunStatus.QUEUED.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return ids;
    }

    /** Renews the holder's lease; false when it no longer holds it (it expired and someone took it over). */
    static boolean heartbeat(Connection c, String flow, String holder, Long runId, Duration ttl, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE flow_lease SET heartbeat_at = ?, expires_at = ?,"
                + " run_id = COALESCE(?, run_id) WHERE flow = ? AND holder = ?")) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now.plus(ttl));
            if (runId == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(3, runId);
            }
            ps.setString(4, flow);
            ps.setString(5, holder);
            return ps.executeUpdate() == 1;
        }
    }

    static void release(Connection c, String flow, String holder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM flow_lease WHERE flow = ? AND holder = ?")) {
            ps.setString(1, flow);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    /** Whether a failure (or one of its causes) means a concurrent acquirer won. */
    static boolean lostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && LOST_RACE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
