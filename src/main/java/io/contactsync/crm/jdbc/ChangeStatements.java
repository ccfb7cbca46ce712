package io.contactsync.crm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmPosition;

/**
 * The statements that read a CRM table's changes after a position and count them: the keyset query on
 * (updated-at, id), its variant for rows without an updated-at (they count as changed at the epoch), or the configured
 * custom changes query with its named parameters. Binds the position in the columns' own types.
 */
final class ChangeStatements {

    private final CrmTable table;
    private final NamedParameterSql customChanges;

    /** @param customChanges the configured changes query, or null for the connector's own */
    ChangeStatements(CrmTable table, NamedParameterSql customChanges) {
        this.table = table;
        this.customChanges = customChanges;
    }

    /** The changes after {@code after}, at most {@code limit}, in (updated-at, id) order: the connector's query or the custom one. */
    PreparedStatement prepareRead(Connection c, CrmPosition after, int limit) throws SQLException {
        // Positions from outside (checkpoint minus overlap) may be finer than the column: round down, which can
        // only re-read a row, never skip one.
        Object afterTs = table.updatedAt.truncate(after.updatedAt());
        if (customChanges != null) {
            PreparedStatement ps = c.prepareStatement(customChanges.sql());
            for (int i = 0; i < customChanges.parameterNames().size(); i++) {
                switch (customChanges.parameterNames().get(i)) {
                    case "after_ts" -> SqlValues.bind(ps, i + 1, table.updatedAt, afterTs);
                    case "after_id" -> ps.setString(i + 1, after.id());
                    default -> ps.setInt(i + 1, limit);
                }
            }
            return ps;
        }
        boolean fromInstant = after.id().isEmpty();
        if (!after.updatedAt().isAfter(Instant.EPOCH)) {
            return prepareChangesWithNulls(c, afterTs, fromInstant ? null : convertId(after.id()), limit);
        }
        PreparedStatement ps = c.prepareStatement(table.changesSql(fromInstant));
        int i = 1;
        SqlValues.bind(ps, i++, table.updatedAt, afterTs);
        if (!fromInstant) {
            SqlValues.bind(ps, i++, table.updatedAt, afterTs);
            SqlValues.bind(ps, i++, table.id, convertId(after.id()));
        }
        ps.setInt(i, limit);
        return ps;
    }

    /** Rows without an updated-at count as changed at the epoch; only positions up to the epoch can reach them. */
    private PreparedStatement prepareChangesWithNulls(Connection c, Object afterTs, Object afterId, int limit)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(table.changesSqlWithNulls(afterId == null));
        int i = 1;
        SqlValues.bind(ps, i++, table.updatedAt, Instant.EPOCH);
        SqlValues.bind(ps, i++, table.updatedAt, afterTs);
        if (afterId != null) {
            SqlValues.bind(ps, i++, table.updatedAt, Instant.EPOCH);
            SqlValues.bind(ps, i++, table.updatedAt, afterTs);
            SqlValues.bind(ps, i++, table.id, afterId);
        }
        SqlValues.bind(ps, i++, table.updatedAt, Instant.EPOCH);
        ps.setInt(i, limit);
        return ps;
    }

    private Object convertId(String id) {
        try {
            return SqlValues.convert(id, table.id);
        } catch (IllegalArgumentException e) {
            throw new CrmException("position id '" + id + "' does not fit id column " + table.id.name() + ": "
                    + e.getMessage());
        }
    }
    /** One {@code COUNT(*)} on the changes query's own predicate (not for a custom changes query). */
    PreparedStatement prepareCount(Connection c, CrmPosition after) throws SQLException {
        Object afterTs = table.updatedAt.truncate(after.updatedAt());
        boolean fromInstant = after.id().isEmpty();
        boolean all = !after.updatedAt().isAfter(Instant.EPOCH);
        PreparedStatement ps = c.prepareStatement(all ? table.countAllSql() : table.countChangesSql(fromInstant));
        if (!all) {
            SqlValues.bind(ps, 1, table.updatedAt, afterTs);
            if (!fromInstant) {
                SqlValues.bind(ps, 2, table.updatedAt, afterTs);
                SqlValues.bind(ps, 3, table.id, convertId(after.id()));
            }
        }
        return ps;
    }
}
