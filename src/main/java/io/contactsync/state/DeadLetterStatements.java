package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of an operator's dead-letter actions (V6): a page of them, one by id, retry (due now, with a fresh attempt
 * budget, so the flow's next cycle re-drives it) and discard (kept with {@code discarded_at}, never re-driven).
 * Payloads are read only by {@link #find}: a listing never carries personal data it does not show.
 */
final class DeadLetterStatements {

    private static final String COLUMNS = "id, flow, record_key, reason, attempts, first_parked_at, parked_at, kind,"
            + " next_attempt_at, discarded_at";

    private DeadLetterStatements() {
    }

    /**
     * @param flow      null for every flow
     * @param discarded true: only the discarded ones; false: only those still parked
     * @param page      1-based
     */
    static DeadLetterPage page(Connection c, String flow, boolean discarded, int page, int pageSize) throws SQLException {
        if (page < 1 || pageSize < 1) {
            throw new IllegalArgumentException("page and page size start at 1");
        }
        String where = " WHERE discarded_at IS " + (discarded ? "NOT NULL" : "NULL") + (flow == null ? "" : " AND flow = ?");
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dead_letter" + where)) {
            if (flow != null) {
                ps.setString(1, flow);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter" + where
                + " ORDER BY parked_at DESC, id DESC LIMIT ? OFFSET ?")) {
            int i = 1;
            if (flow != null) {
                ps.setString(i++, flow);
            }
            ps.setInt(i++, pageSize);
            ps.setLong(i, (long) (page - 1) * pageSize);
            return new DeadLetterPage(entries(ps, false), page, pageSize, total);
        }
    }

    /** One dead letter, discarded or not; with its payload only when asked. */
    static Optional<DeadLetterEntry> find(Connection c, long id, boolean withPayload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + (withPayload ? ", payload" : "")
                + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            return entries(ps, withPayload).stream().findFirst();
        }
    }

    /** Makes one due at {@code now} with no attempts spent (a discarded one is parked again); empty when unknown. */
    static Optional<DeadLetterEntry> retry(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET next_attempt_at = ?, attempts = 0,"
                + " discarded_at = NULL WHERE id = ?")) {
            Sql.setInstant(ps, 1, now);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return find(c, id, false);
    }

    /** Retries every parked (not discarded) one, of {@code flow} or of all when null; returns those it changed. */
    static List<DeadLetterEntry> retryAll(Connection c, String flow, Instant now) throws SQLException {
        List<DeadLetterEntry> all = parked(c, flow);
        for (DeadLetterEntry e : all) {
            retry(c, e.id(), now);
        }
        return all.stream().map(e -> new DeadLetterEntry(e.id(), due(e.letter(), now), e.firstParkedAt(), null)).toList();
    }

    /** Gives one up: kept with {@code discarded_at = now}, never due again; empty when unknown. */
    static Optional<DeadLetterEntry> discard(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET discarded_at = COALESCE(discarded_at, ?),"
                + " next_attempt_at = NULL WHERE id = ?")) {
            Sql.setInstant(ps, 1, now);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return find(c, id, false);
    }

    /** Discards every parked one, of {@code flow} or of all when null; returns those it changed. */
    static List<DeadLetterEntry> discardAll(Connection c, String flow, Instant now) throws SQLException {
        List<DeadLetterEntry> all = parked(c, flow);
        List<DeadLetterEntry> done = new ArrayList<>();
        for (DeadLetterEntry e : all) {
            discard(c, e.id(), now).ifPresent(done::add);
        }
        return done;
    }

    private static List<DeadLetterEntry> parked(Connection c, String flow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE discarded_at IS NULL"
                + (flow == null ? "" : " AND flow = ?") + " ORDER BY id")) {
            if (flow != null) {
                ps.setString(1, flow);
            }
            return entries(ps, false);
        }
    }

    private static DeadLetter due(DeadLetter d, Instant now) {
        return new DeadLetter(d.flow(), d.recordKey(), d.payload(), d.reason(), 0, d.parkedAt(), d.kind(), now);
    }

    private static List<DeadLetterEntry> entries(PreparedStatement ps, boolean withPayload) throws SQLException {
        List<DeadLetterEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DeadLetter d = new DeadLetter(rs.getString("flow"), rs.getString("record_key"),
                        withPayload ? rs.getString("payload") : null, rs.getString("reason"), rs.getInt("attempts"),
                        Sql.instant(rs, "parked_at"), FailureKind.of(rs.getString("kind")),
                        Sql.instant(rs, "next_attempt_at"));
                out.add(new DeadLetterEntry(rs.getLong("id"), d, Sql.instant(rs, "first_parked_at"),
                        Sql.instant(rs, "discarded_at")));
            }
        }
        return out;
    }
}
