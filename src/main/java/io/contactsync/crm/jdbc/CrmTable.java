package io.contactsync.crm.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static io.contactsync.crm.jdbc.JdbcCrmSettings.problem;

/**
 * The contacts table as the database describes it, checked against the settings once at open: the key columns,
 * the mapped columns with their types, and the column lists of the generated SQL. Immutable.
 */
final class CrmTable {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    final String table;
    final SqlColumn id;
    final SqlColumn updatedAt;
    final SqlColumn deleted;
    /** Field name (lower-case key) to column: the columns a record's fields map to, e-mail included. */
    private final Map<String, SqlColumn> fields;
    /**
     * What e-mail look-ups compare with the lower-cased addresses: an indexed generated lower-case column when the
     * table has one ({@link EmailKey}), else {@code LOWER(<email column>)}.
     */
    final String emailKey;

    private CrmTable(String table, SqlColumn id, SqlColumn updatedAt, SqlColumn deleted, Map<String, SqlColumn> fields,
                     String emailKey) {
        this.table = table;
        this.id = id;
        this.updatedAt = updatedAt;
        this.deleted = deleted;
        this.fields = fields;
        this.emailKey = emailKey;
    }

    /**
     * Reads the table's columns and checks every configured name against them, collecting every problem.
     * Returns null when there are problems (they are added to {@code problems}).
     */
    static CrmTable inspect(Connection connection, JdbcCrmSettings settings, List<String> problems) {
        Map<String, SqlColumn> actual;
        try {
            actual = columnsOf(connection, settings.table());
        } catch (SQLException e) {
            problems.add(problem("table", settings.table(), "cannot be read (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); does the table exist and may the user read it?"));
            return null;
        }
        int before = problems.size();
        String known = " (the table has " + String.join(", ", actual.keySet()) + ")";
        SqlColumn id = required(actual, "id-column", settings.idColumn(), problems, known);
        SqlColumn updatedAt = required(actual, "updated-at-column", settings.updatedAtColumn(), problems, known);
        if (updatedAt != null && updatedAt.kind() != SqlColumn.Kind.TIMESTAMP_TZ
                && updatedAt.kind() != SqlColumn.Kind.TIMESTAMP) {
            problems.add(problem("updated-at-column", settings.updatedAtColumn(), "is of type " + updatedAt.typeName()
                    + "; it must be a TIMESTAMP (preferably WITH TIME ZONE)"));
        }
        SqlColumn deleted = settings.deletedColumn() == null ? null
                : required(actual, "deleted-column", settings.deletedColumn(), problems, known);
        if (deleted != null && deleted.kind() != SqlColumn.Kind.BOOLEAN && deleted.kind() != SqlColumn.Kind.INTEGER
                && deleted.kind() != SqlColumn.Kind.STRING) {
            problems.add(problem("deleted-column", settings.deletedColumn(), "is of type " + deleted.typeName()
                    + "; it must be BOOLEAN, an integer (0/1) or text"));
        }
        Map<String, SqlColumn> fields = new LinkedHashMap<>();
        String lowerEmail = EmailKey.generatedLowerColumn(connection, settings.table(), settings.emailColumn());
        if (settings.columns().isEmpty()) {
            var keys = settings.keyColumnsLowerCase();
            actual.forEach((lower, column) -> {
                // The generated lower-case e-mail is derived, not a field: it is never written nor mapped.
                if (!keys.contains(lower) && !lower.equals(lowerEmail)) {
                    if (PLAIN.matcher(column.name()).matches() && column.name().equals(lower)) {
                        fields.put(lower, column);
                    } else {
                        problems.add(problem("columns", "", "discovered column \"" + column.name() + "\" of table "
                                + settings.table() + " needs quoting in SQL; list the mapped columns explicitly"));
                    }
                }
            });
        } else {
            for (int i = 0; i < settings.columns().size(); i++) {
                SqlColumn c = required(actual, "columns[" + i + "]", settings.columns().get(i), problems, known);
                if (c != null) {
                    fields.put(c.name().toLowerCase(Locale.ROOT), c);
                }
            }
        }
        SqlColumn email = required(actual, "email-column", settings.emailColumn(), problems, known);
        if (email != null) {
            fields.putIfAbsent(email.name().toLowerCase(Locale.ROOT), email);
        }
        if (problems.size() > before) {
            return null;
        }
        String emailKey = lowerEmail != null ? lowerEmail : email == null ? null : "LOWER(" + email.name() + ")";
        return new CrmTable(settings.table(), id, updatedAt, deleted, Collections.unmodifiableMap(fields), emailKey);
    }

    /** The mapped column for a field name (case-insensitive), or null. */
    SqlColumn field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    /** The mapped columns, in select order. */
    List<SqlColumn> fieldColumns() {
        return List.copyOf(fields.values());
    }

    /** {@code id, updated_at[, deleted], <mapped columns>} for SELECTs. */
    String selectList() {
        List<String> names = new ArrayList<>();
        names.add(id.name());
        names.add(updatedAt.name());
        if (deleted != null) {
            names.add(deleted.name());
        }
        fields.values().forEach(c -> names.add(c.name()));
        return String.join(", ", names);
    }

    /** The generated keyset query; {@code fromInstant} is the variant for a position without an id. */
    String changesSql(boolean fromInstant) {
        String u = updatedAt.name();
        return "SELECT " + selectList() + " FROM " + table + " WHERE " + changesWhere(fromInstant)
                + " ORDER BY " + u + ", " + id.name() + " LIMIT ?";
    }

    /** How many rows {@link #changesSql} would read from the position on, all pages together (same parameters, no limit). */
    String countChangesSql(boolean fromInstant) {
        return "SELECT COUNT(*) FROM " + table + " WHERE " + changesWhere(fromInstant);
    }

    /** Every row: what a read from the epoch (a full resync) reads. */
    String countAllSql() {
        return "SELECT COUNT(*) FROM " + table;
    }

    private String changesWhere(boolean fromInstant) {
        String u = updatedAt.name();
        return fromInstant ? u + " >= ?" : u + " >= ? AND (" + u + " > ? OR " + id.name() + " > ?)";
    }

    /**
     * The keyset query that also sees rows without an updated-at, as if changed at the epoch E. Used only for
     * positions at or before the epoch (a full resync's first pages): it cannot use the {@code (updated_at, id)}
     * index, and later positions never reach such rows. Whether the column is nullable is not asked: drivers cache
     * column metadata (pgjdbc per connection), and a wrong answer would skip rows. Parameters: E, position time,
     * [E, position time, position id,] E, limit.
     */
    String changesSqlWithNulls(boolean fromInstant) {
        String u = "COALESCE(" + updatedAt.name() + ", ?)";
        String where = fromInstant ? u + " >= ?" : u + " >= ? AND (" + u + " > ? OR " + id.name() + " > ?)";
        return "SELECT " + selectList() + " FROM " + table + " WHERE " + where
                + " ORDER BY " + u + ", " + id.name() + " LIMIT ?";
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static SqlColumn required(Map<String, SqlColumn> actual, String key, String name, List<String> problems,
                                      String known) {
        SqlColumn column = name == null ? null : actual.get(name.toLowerCase(Locale.ROOT));
        if (column == null && name != null) {
            problems.add(problem(key, name, "is not a column of the table" + known));
        }
        // Keep the spelling of the configuration: it is the field name callers use.
        return column == null ? null : new SqlColumn(name, column.kind(), column.jdbcType(), column.typeName(),
                column.precision(), column.scale());
    }

    private static Map<String, SqlColumn> columnsOf(Connection connection, String table) throws SQLException {
        Map<String, SqlColumn> columns = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i);
                // H2 reports unquoted names in upper case: present them as the lower case they were written in.
                String shown = name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : name;
                columns.put(shown.toLowerCase(Locale.ROOT), SqlColumn.describe(md, i, shown));
            }
        }
        return columns;
    }
}
