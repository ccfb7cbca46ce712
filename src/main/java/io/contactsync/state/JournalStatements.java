package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The journal's SQL (table {@code journal}, V7): the batched insert a page commit makes in its own transaction, a
 * contact's history by its keys, and the retention purge. Nothing else ever deletes or updates a row.
 */
final class JournalStatements {

    private static final String COLUMNS = "id, run_id, flow, at, crm_id, contact_id, email, field, before_value,"
            + " after_value, why, detail";

    private JournalStatements() {
    }

    /** Inserts the entries with one JDBC batch (in the caller's transaction); {@code at} defaults to now. */
    static void insert(Connection c, List<JournalEntry> entries, Instant now) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO journal (run_id, flow, at, crm_id, contact_id, email, field, before_value, after_value, why, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int row = 0;
            for (JournalEntry e : entries) {
                if (e.runId() == null) {
                    ps.setNull(1, Types.BIGINT);
                } else {
                    ps.setLong(1, e.runId());
                }
                ps.setString(2, e.flow());
                Sql.setInstant(ps, 3, e.at() == null ? now : e.at());
                ps.setString(4, e.crmId());
                ps.setString(5, e.contactId());
                ps.setString(6, e.email() == null ? null : e.email().toLowerCase(Locale.ROOT));
                ps.setString(7, e.field());
                ps.setString(8, e.before());
                ps.setString(9, e.after());
                ps.setString(10, e.why());
                ps.setString(11, e.detail());
                Sql.addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }

    /**
     * The entries naming any of these CRM ids, contact ids or (lower-cased) e-mails, oldest first (by run, then row),
     * the newest {@code limit} of them.
     */
    static List<JournalEntry> history(Connection c, Collection<String> crmIds, Collection<String> contactIds,
                                      Collection<String> emails, int limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        clause("crm_id", crmIds, where, params);
        clause("contact_id", contactIds, where, params);
        clause("email", emails.stream().filter(Objects::nonNull).map(e -> e.toLowerCase(Locale.ROOT)).toList(), where, params);
        if (where.isEmpty() || limit <= 0) {
            return List.of();
        }
        // Newest first to cut at the limit, then turned around: the story reads oldest first.
        String sql = "SELECT " + COLUMNS + " FROM journal WHERE " + String.join(" OR ", where)
                + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY";
        List<JournalEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(0, read(rs));
                }
            }
        }
        return out;
    }

    /** Deletes the entries written before {@code cutoff}; returns how many. */
    static int purge(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM journal WHERE at < ?")) {
            Sql.setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }

    private static void clause(String column, Collection<String> values, List<String> where, List<String> params) {
        List<String> distinct = values.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
        if (!distinct.isEmpty()) {
            where.add(column + " IN (" + Sql.placeholders(distinct.size()) + ")");
            params.addAll(distinct);
        }
    }

    private static JournalEntry read(ResultSet rs) throws SQLException {
        long run = rs.getLong("run_id");
        Long runId = rs.wasNull() ? null : run;
        return new JournalEntry(rs.getLong("id"), runId, rs.getString("flow"), Sql.instant(rs, "at"), rs.getString("crm_id"),
                rs.getString("contact_id"), rs.getString("email"), rs.getString("field"), rs.getString("before_value"),
                rs.getString("after_value"), rs.getString("why"), rs.getString("detail"));
    }
}
