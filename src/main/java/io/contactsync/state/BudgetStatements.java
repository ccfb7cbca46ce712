package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The SQL of the shared daily request budget ({@code api_budget}, V4). Additions are relative
 * ({@code used = used + ?}), so processes adding at the same time never lose each other's requests.
 */
final class BudgetStatements {

    private BudgetStatements() {
    }

    static ApiUsage find(Connection c, String clientId, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT used, throttled, quota_exceeded_at FROM api_budget"
                + " WHERE utc_day = ? AND client_id = ?")) {
            ps.setObject(1, day);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new ApiUsage(clientId, day, rs.getLong("used"), rs.getLong("throttled"),
                                Sql.instant(rs, "quota_exceeded_at"))
                        : ApiUsage.none(clientId, day);
            }
        }
    }

    /** Adds to the day's counts (creating its row) and returns the totals after adding. */
    static ApiUsage add(Connection c, String clientId, LocalDate day, long used, long throttled, Instant quotaExceededAt)
            throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE api_budget SET used = used + ?, throttled = throttled + ?,"
                + " quota_exceeded_at = COALESCE(quota_exceeded_at, ?) WHERE utc_day = ? AND client_id = ?")) {
            ps.setLong(1, used);
            ps.setLong(2, throttled);
            Sql.setInstant(ps, 3, quotaExceededAt);
            ps.setObject(4, day);
            ps.setString(5, clientId);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            // A concurrent first insert of the day fails on the primary key; the store retries the whole addition.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_budget (utc_day, client_id, used, throttled,"
                    + " quota_exceeded_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, day);
                ps.setString(2, clientId);
                ps.setLong(3, used);
                ps.setLong(4, throttled);
                Sql.setInstant(ps, 5, quotaExceededAt);
                ps.executeUpdate();
            }
        }
        return find(c, clientId, day);
    }
}
