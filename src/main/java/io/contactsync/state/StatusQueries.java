package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.mapping.ConflictPolicy;

/** The read-only listings the admin status shows: recent runs, dead letters of a flow, recent conflicts. */
final class StatusQueries {

    private StatusQueries() {
    }

    static List<RunRecord> lastRuns(Connection c, int limit) throws SQLException {
        return RunStatements.last(c, limit);
    }

    static List<DeadLetter> deadLetters(Connection c, String flow, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT record_key, payload, reason, attempts, parked_at, kind, next_attempt_at FROM dead_letter
                 WHERE flow = ? AND discarded_at IS NULL ORDER BY parked_at DESC, record_key LIMIT ?""")) {
            ps.setString(1, flow);
            ps.setInt(2, limit);
            return deadLetters(ps, flow);
        }
    }

    /** Transient dead letters of a flow whose next attempt is due at {@code now}, oldest due first. */
    static List<DeadLetter> dueDeadLetters(Connection c, String flow, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT record_key, payload, reason, attempts, parked_at, kind, next_attempt_at FROM dead_letter
                 WHERE flow = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
                 ORDER BY next_attempt_at, record_key LIMIT ?""")) {
            ps.setString(1, flow);
            Sql.setInstant(ps, 2, now);
            ps.setInt(3, limit);
            return deadLetters(ps, flow);
        }
    }

    /** Attempts so far of these dead letters (absent: not parked). */
    static Map<String, Integer> attempts(Connection c, String flow, Collection<String> keys) throws SQLException {
        Map<String, Integer> attempts = new HashMap<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("SELECT record_key, attempts FROM dead_letter WHERE flow = ? AND record_key IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, flow);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
        }
        return attempts;
    }

    private static List<DeadLetter> deadLetters(PreparedStatement ps, String flow) throws SQLException {
        List<DeadLetter> letters = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                letters.add(new DeadLetter(flow, rs.getString("record_key"), rs.getString("payload"),
                        rs.getString("reason"), rs.getInt("attempts"), Sql.instant(rs, "parked_at"),
                        FailureKind.of(rs.getString("kind")), Sql.instant(rs, "next_attempt_at")));
            }
        }
        return letters;
    }

    static List<ConflictRecord> recentConflicts(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT crm_id, contact_id, field, crm_value, ctct_value, winner, policy, detected_at
                  FROM sync_conflict ORDER BY detected_at DESC, id DESC LIMIT ?""")) {
            ps.setInt(1, limit);
            List<ConflictRecord> conflicts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    conflicts.add(new ConflictRecord(rs.getString("crm_id"), rs.getString("contact_id"),
                            rs.getString("field"), rs.getString("crm_value"), rs.getString("ctct_value"),
                            ConflictWinner.of(rs.getString("winner")), ConflictPolicy.fromYaml(rs.getString("policy")).orElseThrow(), Sql.instant(rs, "detected_at")));
                }
            }
            return conflicts;
        }
    }
}
