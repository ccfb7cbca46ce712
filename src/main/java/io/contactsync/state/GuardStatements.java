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
import java.util.Optional;

/**
 * The SQL of the blast-radius guard's held plans ({@code guard_hold}, {@code guard_effect}, V8). A flow has at most
 * one plan awaiting a decision: holding a new one supersedes the one before it. A decision moves a plan only out of
 * {@code held}, so two operators deciding at once cannot both win; the first cycle to end after it spends it.
 */
final class GuardStatements {

    private static final String COLUMNS = "run_id, flow, status, held_at, decided_at, decided_by, linked, summary";

    private GuardStatements() {
    }

    static void hold(Connection c, HeldPlan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guard_hold SET status = ?, decided_at = ?"
                + " WHERE flow = ? AND status = ? AND run_id <> ?")) {
            ps.setString(1, HeldPlan.Status.SUPERSEDED.id());
            Sql.setInstant(ps, 2, plan.heldAt());
            ps.setString(3, plan.flow());
            ps.setString(4, HeldPlan.Status.HELD.id());
            ps.setLong(5, plan.runId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_hold (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, plan.runId());
            ps.setString(2, plan.flow());
            ps.setString(3, plan.status().id());
            Sql.setInstant(ps, 4, plan.heldAt());
            Sql.setInstant(ps, 5, plan.decidedAt());
            ps.setString(6, plan.decidedBy());
            ps.setLong(7, plan.linked());
            ps.setString(8, plan.summary().length() > 4000 ? plan.summary().substring(0, 3997) + "..." : plan.summary());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_effect (run_id, crm_id, kind, detail) VALUES (?, ?, ?, ?)")) {
            int n = 0;
            for (GuardEffect e : plan.effects()) {
                ps.setLong(1, plan.runId());
                ps.setString(2, e.crmId());
                ps.setString(3, e.kind());
                ps.setString(4, e.detail());
                Sql.addBatch(ps, n++);
            }
            ps.executeBatch();
        }
    }

    static Optional<HeldPlan> find(Connection c, long runId) throws SQLException {
        List<HeldPlan> found = select(c, "SELECT " + COLUMNS + " FROM guard_hold WHERE run_id = ?", List.of(runId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The flow's plans in these statuses, oldest first, with their effects. */
    static List<HeldPlan> byStatus(Connection c, String flow, Collection<HeldPlan.Status> statuses) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(flow);
        statuses.forEach(s -> params.add(s.id()));
        return select(c, "SELECT " + COLUMNS + " FROM guard_hold WHERE flow = ? AND status IN ("
                + Sql.placeholders(statuses.size()) + ") ORDER BY run_id", params);
    }

    /** Moves a plan from {@code held} to the decision; false when it is not held (any more). */
    static boolean decide(Connection c, long runId, HeldPlan.Status decision, String by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guard_hold SET status = ?, decided_at = ?, decided_by = ?"
                + " WHERE run_id = ? AND status = ?")) {
            ps.setString(1, decision.id());
            Sql.setInstant(ps, 2, at);
            ps.setString(3, by);
            ps.setLong(4, runId);
            ps.setString(5, HeldPlan.Status.HELD.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** The decisions a cycle applied: {@code spent}, so they apply once. */
    static void spend(Connection c, Collection<Long> runIds, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guard_hold SET status = ? WHERE run_id = ? AND status IN (?, ?)")) {
            int n = 0;
            for (long id : runIds) {
                ps.setString(1, HeldPlan.Status.SPENT.id());
                ps.setLong(2, id);
                ps.setString(3, HeldPlan.Status.APPROVED.id());
                ps.setString(4, HeldPlan.Status.REJECTED.id());
                Sql.addBatch(ps, n++);
            }
            ps.executeBatch();
        }
    }

    private static List<HeldPlan> select(Connection c, String sql, List<Object> params) throws SQLException {
        List<HeldPlan> plans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plans.add(new HeldPlan(rs.getLong("run_id"), rs.getString("flow"), HeldPlan.Status.of(rs.getString("status")),
                            Sql.instant(rs, "held_at"), Sql.instant(rs, "decided_at"), rs.getString("decided_by"),
                            rs.getLong("linked"), rs.getString("summary"), List.of()));
                }
            }
        }
        if (plans.isEmpty()) {
            return plans;
        }
        Map<Long, List<GuardEffect>> effects = new HashMap<>();
        List<Long> ids = plans.stream().map(HeldPlan::runId).toList();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, crm_id, kind, detail FROM guard_effect WHERE run_id IN ("
                + Sql.placeholders(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    effects.computeIfAbsent(rs.getLong("run_id"), k -> new ArrayList<>())
                            .add(new GuardEffect(rs.getString("crm_id"), rs.getString("kind"), rs.getString("detail")));
                }
            }
        }
        return plans.stream().map(p -> new HeldPlan(p.runId(), p.flow(), p.status(), p.heldAt(), p.decidedAt(),
                p.decidedBy(), p.linked(), p.summary(), effects.getOrDefault(p.runId(), List.of()))).toList();
    }
}
