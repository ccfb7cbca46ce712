package io.contactsync.crm.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.contactsync.crm.CrmConnector.DeletePolicy;
import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.CrmWriteException;
import io.contactsync.crm.WriteOutcome;

/**
 * The write side of {@link JdbcCrmConnector}, on a connection whose transaction the caller owns: converts every
 * value first (so a bad value names its record before anything is sent), then sends INSERTs and UPDATEs as JDBC
 * batches, one statement shape per set of columns.
 */
final class JdbcCrmWriter {

    /** One row to write: the column values already converted, keyed by column. */
    private static final class Row {
        final int batchIndex;
        final String id;
        final Object idValue;
        final boolean insert;
        final Map<SqlColumn, Object> values = new LinkedHashMap<>();
        boolean deleted;
        /** The updated-at the row must still have for an update to apply; null = unconditional. */
        Instant expected;
        /** An expected row that does not exist: neither written nor inserted. */
        boolean gone;
        /** The conditional update found the row changed: not written. */
        boolean stale;

        Row(int batchIndex, String id, Object idValue, boolean insert) {
            this.batchIndex = batchIndex;
            this.id = id;
            this.idValue = idValue;
            this.insert = insert;
        }
    }

    private final CrmTable table;
    private final CrmQueries queries;
    private final Supplier<String> idGenerator;
    private final Clock clock;

    JdbcCrmWriter(CrmTable table, CrmQueries queries, Supplier<String> idGenerator, Clock clock) {
        this.table = table;
        this.queries = queries;
        this.idGenerator = idGenerator;
        this.clock = clock;
    }

    /**
     * Writes the batch; a record whose id is a key of {@code expected} only if its row still has that updated-at
     * (see {@code CrmConnector.upsertIfUnchanged}). Returns one outcome per record, in input order.
     */
    List<WriteOutcome> write(Connection c, List<CrmRecord> batch, Map<String, Instant> expected) throws SQLException {
        Instant now = table.updatedAt.truncate(clock.instant());
        Map<Object, Boolean> existing = existingDeletedFlags(c, batch);
        Map<Object, Row> rowsById = new LinkedHashMap<>();
        List<Row> rowOfRecord = new ArrayList<>(batch.size());
        List<CrmRecord> stored = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            CrmRecord record = batch.get(i);
            Object idValue = record.id() == null ? generatedId() : convert(record, i, table.id, record.id());
            Boolean wasDeleted = existing.get(idValue);
            // The same id twice in a batch becomes one row: later fields win, as they would one after the other.
            Row row = rowsById.computeIfAbsent(idValue,
                    k -> new Row(stored.size(), idValue.toString(), idValue, wasDeleted == null));
            Instant expectedAt = record.id() == null ? null : expected.get(record.id());
            if (expectedAt != null && row.expected == null) {
                row.expected = table.updatedAt.truncate(expectedAt);
                row.gone = row.insert; // read once, deleted since: re-creating it would undo that delete
            }
            rowOfRecord.add(row);
            row.deleted = wasDeleted != null ? wasDeleted : record.deleted();
            Map<String, Object> written = new LinkedHashMap<>();
            record.fields().forEach((name, value) -> {
                SqlColumn column = mappedColumn(record, name);
                Object converted = convert(record, stored.size(), column, value);
                row.values.put(column, converted);
                written.put(column.name(), converted);
            });
            stored.add(new CrmRecord(row.id, written, now, row.deleted));
        }
        List<Row> inserts = rowsById.values().stream().filter(r -> r.insert && !r.gone).toList();
        List<Row> updates = rowsById.values().stream().filter(r -> !r.insert).toList();
        writeInserts(c, inserts, now);
        writeUpdates(c, updates, now);
        return outcomes(c, stored, rowOfRecord);
    }

    private List<WriteOutcome> outcomes(Connection c, List<CrmRecord> stored, List<Row> rowOfRecord)
            throws SQLException {
        List<String> staleIds = rowOfRecord.stream().filter(r -> r.stale).map(r -> r.id).distinct().toList();
        Map<String, CrmRecord> current = staleIds.isEmpty() ? Map.of() : queries.findByIds(c, staleIds);
        List<WriteOutcome> outcomes = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Row row = rowOfRecord.get(i);
            CrmRecord now = row.stale ? current.get(row.id) : null;
            outcomes.add(row.gone || (row.stale && now == null) ? WriteOutcome.gone(row.id)
                    : row.stale ? WriteOutcome.stale(now) : WriteOutcome.written(stored.get(i)));
        }
        return outcomes;
    }

    void markDeleted(Connection c, List<String> ids, DeletePolicy policy) throws SQLException {
        List<Object> keys = convertibleIds(table, ids);
        Instant now = table.updatedAt.truncate(clock.instant());
        for (int from = 0; from < keys.size(); from += JdbcCrmConnector.IN_LIST_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + JdbcCrmConnector.IN_LIST_CHUNK));
            String in = table.id.name() + " IN (" + CrmTable.placeholders(chunk.size()) + ")";
            String sql;
            int i = 1;
            if (policy == DeletePolicy.FLAG) {
                String d = table.deleted.name();
                // Rows already flagged keep their updated-at: flagging twice must not look like a new change.
                sql = "UPDATE " + table.table + " SET " + d + " = ?, " + table.updatedAt.name() + " = ? WHERE " + in
                        + " AND (" + d + " IS NULL OR " + d + " <> ?)";
            } else {
                sql = "DELETE FROM " + table.table + " WHERE " + in;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Object flag = policy == DeletePolicy.FLAG ? SqlValues.convert(Boolean.TRUE, table.deleted) : null;
                if (flag != null) {
                    SqlValues.bind(ps, i++, table.deleted, flag);
                    SqlValues.bind(ps, i++, table.updatedAt, now);
                }
                for (Object key : chunk) {
                    SqlValues.bind(ps, i++, table.id, key);
                }
                if (flag != null) {
                    SqlValues.bind(ps, i, table.deleted, flag);
                }
                ps.executeUpdate();
            }
        }
    }

    /** Clears the deleted flag of flagged rows (and moves their updated-at: coming back is a change). */
    void restore(Connection c, List<String> ids) throws SQLException {
        List<Object> keys = convertibleIds(table, ids);
        Instant now = table.updatedAt.truncate(clock.instant());
        String d = table.deleted.name();
        for (int from = 0; from < keys.size(); from += JdbcCrmConnector.IN_LIST_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + JdbcCrmConnector.IN_LIST_CHUNK));
            String sql = "UPDATE " + table.table + " SET " + d + " = ?, " + table.updatedAt.name() + " = ? WHERE "
                    + table.id.name() + " IN (" + CrmTable.placeholders(chunk.size()) + ") AND " + d + " = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                SqlValues.bind(ps, i++, table.deleted, SqlValues.convert(Boolean.FALSE, table.deleted));
                SqlValues.bind(ps, i++, table.updatedAt, now);
                for (Object key : chunk) {
                    SqlValues.bind(ps, i++, table.id, key);
                }
                SqlValues.bind(ps, i, table.deleted, SqlValues.convert(Boolean.TRUE, table.deleted));
                ps.executeUpdate();
            }
        }
    }

    /** The ids converted to the id column's type, duplicates and ids that cannot exist in it left out. */
    static List<Object> convertibleIds(CrmTable table, Collection<String> ids) {
        LinkedHashSet<Object> keys = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                Object key = id == null ? null : SqlValues.convert(id, table.id);
                if (key != null) {
                    keys.add(key);
                }
            } catch (IllegalArgumentException e) {
                // e.g. "abc" for an INTEGER id: no such row can exist
            }
        }
        return new ArrayList<>(keys);
    }

    private Map<Object, Boolean> existingDeletedFlags(Connection c, List<CrmRecord> batch) throws SQLException {
        List<Object> keys = convertibleIds(table, batch.stream().map(CrmRecord::id).toList());
        Map<Object, Boolean> existing = new HashMap<>();
        String select = table.id.name() + (table.deleted == null ? "" : ", " + table.deleted.name());
        for (int from = 0; from < keys.size(); from += JdbcCrmConnector.IN_LIST_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + JdbcCrmConnector.IN_LIST_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + select + " FROM " + table.table + " WHERE "
                    + table.id.name() + " IN (" + CrmTable.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    SqlValues.bind(ps, i + 1, table.id, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object key = SqlValues.convert(rs.getString(1), table.id);
                        boolean deleted = table.deleted != null && SqlValues.isSet(SqlValues.read(rs, 2, table.deleted));
                        existing.put(key, deleted);
                    }
                }
            }
        }
        return existing;
    }

    private void writeInserts(Connection c, List<Row> rows, Instant now) throws SQLException {
        Map<List<SqlColumn>, List<Row>> shapes = byShape(rows);
        for (var shape : shapes.entrySet()) {
            List<String> names = new ArrayList<>();
            names.add(table.id.name());
            shape.getKey().forEach(col -> names.add(col.name()));
            names.add(table.updatedAt.name());
            if (table.deleted != null) {
                names.add(table.deleted.name());
            }
            String sql = "INSERT INTO " + table.table + " (" + String.join(", ", names) + ") VALUES ("
                    + CrmTable.placeholders(names.size()) + ")";
            runBatch(c, sql, shape.getValue(), (ps, row) -> {
                int i = 1;
                SqlValues.bind(ps, i++, table.id, row.idValue);
                for (SqlColumn col : shape.getKey()) {
                    SqlValues.bind(ps, i++, col, row.values.get(col));
                }
                SqlValues.bind(ps, i++, table.updatedAt, now);
                if (table.deleted != null) {
                    SqlValues.bind(ps, i, table.deleted, SqlValues.convert(row.deleted, table.deleted));
                }
            });
        }
    }

    private void writeUpdates(Connection c, List<Row> rows, Instant now) throws SQLException {
        for (Condition condition : Condition.values()) {
            List<Row> these = rows.stream().filter(r -> Condition.of(r) == condition).toList();
            for (var shape : byShape(these).entrySet()) {
                StringBuilder set = new StringBuilder();
                shape.getKey().forEach(col -> set.append(col.name()).append(" = ?, "));
                set.append(table.updatedAt.name()).append(" = ?");
                String sql = "UPDATE " + table.table + " SET " + set + " WHERE " + table.id.name() + " = ?"
                        + condition.sql(table.updatedAt.name());
                runBatch(c, sql, shape.getValue(), (ps, row) -> {
                    int i = 1;
                    for (SqlColumn col : shape.getKey()) {
                        SqlValues.bind(ps, i++, col, row.values.get(col));
                    }
                    SqlValues.bind(ps, i++, table.updatedAt, now);
                    SqlValues.bind(ps, i++, table.id, row.idValue);
                    if (condition != Condition.NONE) {
                        SqlValues.bind(ps, i, table.updatedAt, row.expected);
                    }
                });
            }
        }
    }

    /**
     * The check an UPDATE makes on the row's updated-at, in its WHERE clause so that the database applies it
     * atomically (PostgreSQL re-checks it against a row committed concurrently).
     */
    private enum Condition {
        NONE, EQUALS, EQUALS_OR_NULL;

        static Condition of(Row row) {
            return row.expected == null ? NONE : row.expected.equals(Instant.EPOCH) ? EQUALS_OR_NULL : EQUALS;
        }

        String sql(String updatedAt) {
            return switch (this) {
                case NONE -> "";
                case EQUALS -> " AND " + updatedAt + " = ?";
                // a row without an updated-at is read as changed at the epoch
                case EQUALS_OR_NULL -> " AND (" + updatedAt + " IS NULL OR " + updatedAt + " = ?)";
            };
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps, Row row) throws SQLException;
    }

    private static void runBatch(Connection c, String sql, List<Row> rows, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            int[] counts;
            try {
                counts = ps.executeBatch();
            } catch (BatchUpdateException e) {
                Row failed = rows.get(Math.min(failedIndex(e.getUpdateCounts()), rows.size() - 1));
                throw new CrmWriteException(failed.id, failed.batchIndex, null, "record '" + failed.id
                        + "' was refused by the database: " + JdbcCrmConnector.firstLine(e), e);
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0 && rows.get(i).expected != null) {
                    rows.get(i).stale = true; // changed or deleted since it was read: re-read by outcomes()
                } else if (counts[i] == 0) {
                    Row gone = rows.get(i);
                    throw new CrmWriteException(gone.id, gone.batchIndex, null, "record '" + gone.id
                            + "' was deleted by someone else during the write", null);
                }
            }
        }
    }

    private static int failedIndex(int[] counts) {
        if (counts == null) {
            return 0;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                return i;
            }
        }
        return counts.length;
    }

    private static Map<List<SqlColumn>, List<Row>> byShape(List<Row> rows) {
        Map<List<SqlColumn>, List<Row>> shapes = new LinkedHashMap<>();
        rows.forEach(r -> shapes.computeIfAbsent(List.copyOf(r.values.keySet()), k -> new ArrayList<>()).add(r));
        return shapes;
    }

    private SqlColumn mappedColumn(CrmRecord record, String name) {
        SqlColumn column = table.field(name);
        if (column == null) {
            throw new CrmException("record '" + record.id() + "' has field '" + name + "', which is not a mapped column"
                    + " of " + table.table + " (mapped: " + table.fieldColumns().stream().map(SqlColumn::name).toList()
                    + "); fix the mapping or sync.crm.jdbc.columns");
        }
        return column;
    }

    private Object generatedId() {
        String id = idGenerator.get();
        try {
            Object value = SqlValues.convert(id, table.id);
            if (value == null) {
                throw new IllegalArgumentException("is blank");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new CrmException("the id generator made '" + id + "', which does not fit id column "
                    + table.id.name() + " " + table.id.describeType() + ": " + e.getMessage());
        }
    }

    private static Object convert(CrmRecord record, int index, SqlColumn column, Object value) {
        try {
            return SqlValues.convert(value, column);
        } catch (IllegalArgumentException e) {
            String who = record.id() == null ? "new record #" + index + " (no id yet)" : "record '" + record.id() + "'";
            throw new CrmWriteException(record.id(), index, column.name(), who + ": value " + shown(value)
                    + " does not fit column " + column.name() + " " + column.describeType() + ": " + e.getMessage(), e);
        }
    }

    private static String shown(Object value) {
        String s = String.valueOf(value);
        return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
}
