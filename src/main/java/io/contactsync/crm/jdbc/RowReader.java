package io.contactsync.crm.jdbc;

import io.contactsync.crm.CrmRecord;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns rows of one result set into {@link CrmRecord}s: the id, updated-at and deleted columns become the
 * record's own components, every other column a field. Built from the result set's own metadata, so a custom
 * change query may return its columns in any order and with any compatible types.
 */
final class RowReader {

    private record Slot(int index, SqlColumn column) {
    }

    private final Slot id;
    private final Slot updatedAt;
    private final Slot deleted;
    private final List<Slot> fields;

    private RowReader(Slot id, Slot updatedAt, Slot deleted, List<Slot> fields) {
        this.id = id;
        this.updatedAt = updatedAt;
        this.deleted = deleted;
        this.fields = fields;
    }

    /** Locates the columns; adds a problem for each required column missing from the result and returns null then. */
    static RowReader of(ResultSetMetaData md, CrmTable table, String key, List<String> problems) throws SQLException {
        Slot id = null;
        Slot updatedAt = null;
        Slot deleted = null;
        List<Slot> fields = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            String lower = label.toLowerCase(Locale.ROOT);
            if (lower.equalsIgnoreCase(table.id.name())) {
                id = new Slot(i, SqlColumn.describe(md, i, table.id.name()));
            } else if (lower.equalsIgnoreCase(table.updatedAt.name())) {
                updatedAt = new Slot(i, SqlColumn.describe(md, i, table.updatedAt.name()));
            } else if (table.deleted != null && lower.equalsIgnoreCase(table.deleted.name())) {
                deleted = new Slot(i, SqlColumn.describe(md, i, table.deleted.name()));
            } else {
                SqlColumn mapped = table.field(label);
                String name = mapped != null ? mapped.name()
                        : label.equals(label.toUpperCase(Locale.ROOT)) ? lower : label;
                fields.add(new Slot(i, SqlColumn.describe(md, i, name)));
            }
        }
        int before = problems.size();
        if (id == null) {
            problems.add(JdbcCrmSettings.problem(key, null, "returns no id column '" + table.id.name() + "'"));
        }
        if (updatedAt == null) {
            problems.add(JdbcCrmSettings.problem(key, null, "returns no updated-at column '" + table.updatedAt.name() + "'"));
        } else if (updatedAt.column().kind() != SqlColumn.Kind.TIMESTAMP_TZ
                && updatedAt.column().kind() != SqlColumn.Kind.TIMESTAMP) {
            problems.add(JdbcCrmSettings.problem(key, null, "returns '" + table.updatedAt.name() + "' as "
                    + updatedAt.column().typeName() + ", not as a timestamp"));
        }
        if (table.deleted != null && deleted == null) {
            problems.add(JdbcCrmSettings.problem(key, null, "returns no deleted column '" + table.deleted.name() + "'"));
        }
        return problems.size() > before ? null : new RowReader(id, updatedAt, deleted, List.copyOf(fields));
    }

    /** Reads the current row. */
    CrmRecord read(ResultSet rs) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Slot f : fields) {
            values.put(f.column().name(), SqlValues.read(rs, f.index(), f.column()));
        }
        String key = rs.getString(id.index());
        Instant changed = (Instant) SqlValues.read(rs, updatedAt.index(), updatedAt.column());
        if (changed == null) {
            changed = Instant.EPOCH; // a row never stamped sorts, pages and compares as changed at the epoch
        }
        boolean isDeleted = deleted != null && SqlValues.isSet(SqlValues.read(rs, deleted.index(), deleted.column()));
        return new CrmRecord(key, values, changed, isDeleted);
    }
}
