package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one {@link PageCommit} on a connection whose transaction the caller owns. Steps run in a fixed order,
 * the checkpoint last; a failing step throws {@link StateStoreException} naming it and the caller rolls back.
 * Every step is a batched prepared statement, so a page of thousands of links costs a handful of round trips.
 */
final class PageCommitWriter {

    private final Clock clock;

    PageCommitWriter(Clock clock) {
        this.clock = clock;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws SQLException;
    }

    void write(Connection c, PageCommit page) {
        String flow = flowOf(page);
        Instant now = clock.instant();
        step("links", () -> LinkWrites.upsert(c, LinkWrites.latestPerKey(page.links()), now));
        step("unlinks", () -> unlink(c, page.unlinkCrmIds()));
        step("dead letters", () -> park(c, page.deadLetters(), now));
        step("resolved dead letters", () -> resolve(c, flow, page.resolvedDeadLetters()));
        step("conflicts", () -> insertConflicts(c, page.conflicts(), now));
        step("completed activities", () -> deleteActivities(c, page.completedActivities()));
        step("journal", () -> JournalStatements.insert(c, withRun(page), now));
        if (page.progress() != null) {
            step("run progress", () -> RunStatements.progress(c, page.progress()));
        }
        if (page.checkpoint() != null) {
            step("checkpoint", () -> upsertCheckpoint(c, page.checkpoint(), now));
        }
    }

    /**
     * The flow whose dead letters {@code resolvedDeadLetters} names: the page's (by default its checkpoint's). Resolving by key across all flows could silently drop another flow's letter
     * (both flows may park a record under the same CRM id), so a page that resolves without a checkpoint is refused.
     */
    private static String flowOf(PageCommit page) {
        if (page.flow() != null) {
            return page.flow();
        }
        if (!page.resolvedDeadLetters().isEmpty()) {
            throw new StateStoreException("commit (resolved dead letters)",
                    "a page that resolves dead letters must carry a checkpoint to name its flow"
                            + " (or name its flow)", null);
        }
        return null;
    }

    /** The page's journal entries, those without a run id stamped with the run whose progress the page carries. */
    private static List<JournalEntry> withRun(PageCommit page) {
        if (page.progress() == null || page.journal().stream().allMatch(e -> e.runId() != null)) {
            return page.journal();
        }
        return page.journal().stream().map(e -> e.runId() == null ? e.withRun(page.progress().runId()) : e).toList();
    }

    private static void step(String name, Step step) {
        try {
            step.run();
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.of("commit (" + name + ")", e);
        }
    }

    private static void unlink(Connection c, List<String> crmIds) throws SQLException {
        deleteEach(c, "DELETE FROM contact_link WHERE crm_id = ?", crmIds);
    }

    /** Parks dead letters: update existing rows (attempts + n), insert the rest with attempts = n. */
    private static void park(Connection c, List<DeadLetter> letters, Instant now) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        record Key(String flow, String recordKey) { }
        record Parked(DeadLetter latest, int times) { }
        Map<Key, Parked> parked = new LinkedHashMap<>();
        for (DeadLetter dl : letters) {
            parked.merge(new Key(dl.flow(), dl.recordKey()), new Parked(dl, 1),
                    (old, neu) -> new Parked(neu.latest(), old.times() + 1));
        }
        Sql.updateElseInsert(c, parked.values(), """
                        UPDATE dead_letter SET payload = ?, reason = ?, attempts = attempts + ?, parked_at = ?, kind = ?,
                               next_attempt_at = ?, discarded_at = NULL
                         WHERE flow = ? AND record_key = ?""",
                (ps, p) -> {
                    DeadLetter dl = p.latest();
                    ps.setString(1, dl.payload());
                    ps.setString(2, dl.reason());
                    ps.setInt(3, p.times());
                    Sql.setInstant(ps, 4, dl.parkedAt() == null ? now : dl.parkedAt());
                    ps.setString(5, dl.kind().id());
                    Sql.setInstant(ps, 6, dl.nextAttemptAt());
                    ps.setString(7, dl.flow());
                    ps.setString(8, dl.recordKey());
                }, """
                        INSERT INTO dead_letter (payload, reason, attempts, parked_at, kind, next_attempt_at, flow, record_key,
                                                 first_parked_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (ps, p) -> {
                    DeadLetter dl = p.latest();
                    Instant at = dl.parkedAt() == null ? now : dl.parkedAt();
                    ps.setString(1, dl.payload());
                    ps.setString(2, dl.reason());
                    ps.setInt(3, p.times());
                    Sql.setInstant(ps, 4, at);
                    ps.setString(5, dl.kind().id());
                    Sql.setInstant(ps, 6, dl.nextAttemptAt());
                    ps.setString(7, dl.flow());
                    ps.setString(8, dl.recordKey());
                    Sql.setInstant(ps, 9, at);
                });
    }

    /** Deletes the flow's letters of these keys: one keyed SELECT finds which exist, only those are deleted. */
    private static void resolve(Connection c, String flow, List<String> recordKeys) throws SQLException {
        if (recordKeys.isEmpty()) {
            return;
        }
        List<String> parked = new ArrayList<>();
        for (List<String> chunk : Sql.chunks(recordKeys, LinkReader.CHUNK)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT record_key FROM dead_letter WHERE flow = ? AND record_key IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, flow);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parked.add(rs.getString(1));
                    }
                }
            }
        }
        LinkWrites.batch(c, "DELETE FROM dead_letter WHERE flow = ? AND record_key = ?", parked, (ps, key) -> {
            ps.setString(1, flow);
            ps.setString(2, key);
        });
    }

    private static void insertConflicts(Connection c, List<ConflictRecord> conflicts, Instant now) throws SQLException {
        if (conflicts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sync_conflict (crm_id, contact_id, field, crm_value, ctct_value, winner, policy, detected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int row = 0;
            for (ConflictRecord cr : conflicts) {
                ps.setString(1, cr.crmId());
                ps.setString(2, cr.contactId());
                ps.setString(3, cr.field());
                ps.setString(4, cr.crmValue());
                ps.setString(5, cr.ctctValue());
                ps.setString(6, cr.winner().id());
                ps.setString(7, cr.policy().yamlName());
                Sql.setInstant(ps, 8, cr.detectedAt() == null ? now : cr.detectedAt());
                Sql.addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }

    private static void deleteActivities(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pending_activity WHERE id = ?")) {
            int row = 0;
            for (Long id : ids) {
                ps.setLong(1, id);
                Sql.addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }

    /** Sets a flow's checkpoint (update, else insert); {@code savedAt} defaults to now. */
    static void upsertCheckpoint(Connection c, Checkpoint cp, Instant now) throws SQLException {
        Instant savedAt = cp.savedAt() == null ? now : cp.savedAt();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE checkpoints SET position = ?, tie_breaker = ?, saved_at = ? WHERE flow = ?")) {
            Sql.setInstant(update, 1, cp.position());
            update.setString(2, cp.tieBreaker());
            Sql.setInstant(update, 3, savedAt);
            update.setString(4, cp.flow());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO checkpoints (flow, position, tie_breaker, saved_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, cp.flow());
            Sql.setInstant(insert, 2, cp.position());
            insert.setString(3, cp.tieBreaker());
            Sql.setInstant(insert, 4, savedAt);
            insert.executeUpdate();
        }
    }

    private static void deleteEach(Connection c, String sql, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int row = 0;
            for (String key : keys) {
                ps.setString(1, key);
                Sql.addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }
}
