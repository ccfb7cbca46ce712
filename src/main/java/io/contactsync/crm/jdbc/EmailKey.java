package io.contactsync.crm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Finds the column the connector matches e-mail addresses on. Matching is case-insensitive, so the plain query is
 * {@code LOWER(email) IN (…)}: PostgreSQL can serve it from an expression index on {@code lower(email)}, but H2 has
 * no expression indexes and scans the whole table for it, once per page of a pull. A table may therefore carry a
 * generated column {@code GENERATED ALWAYS AS (LOWER(email))}, indexed (the demo CRM's {@code email_lower}): when
 * the table has one, the connector matches on that column instead, which any database answers from its index.
 * The column is found in {@code INFORMATION_SCHEMA.COLUMNS} (H2 2.x and PostgreSQL 12+); where that cannot be
 * read, the plain expression is used.
 */
final class EmailKey {

    private static final String GENERATED = """
            SELECT column_name, generation_expression FROM information_schema.columns
             WHERE UPPER(table_name) = UPPER(?) AND UPPER(table_schema) = UPPER(?) AND generation_expression IS NOT NULL""";

    private EmailKey() {
    }

    /**
     * The name (lower case, as the connector spells discovered columns) of a generated column of {@code table}
     * whose expression is {@code LOWER(<emailColumn>)}, or null when there is none or the catalogue cannot say.
     * On failure the connection's transaction is rolled back (PostgreSQL refuses statements after an error).
     */
    static String generatedLowerColumn(Connection c, String table, String emailColumn) {
        int dot = table.lastIndexOf('.');
        String name = dot < 0 ? table : table.substring(dot + 1);
        try {
            String schema = dot < 0 ? c.getSchema() : table.substring(0, dot);
            if (schema == null) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(GENERATED)) {
                ps.setString(1, name);
                ps.setString(2, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (isLowerOf(rs.getString(2), emailColumn)) {
                            return rs.getString(1).toLowerCase(Locale.ROOT);
                        }
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the inspection rolls back again; nothing was written
            }
            return null;
        }
    }

    /**
     * True when a generation expression, as the catalogue shows it, is {@code LOWER} of exactly the e-mail column:
     * H2 shows {@code LOWER("EMAIL")}, PostgreSQL {@code lower((email)::text)}. Quotes, casts to text, blanks and
     * parentheses are ignored; anything else (TRIM, another column) does not count.
     */
    static boolean isLowerOf(String expression, String emailColumn) {
        if (expression == null) {
            return false;
        }
        String e = expression.toLowerCase(Locale.ROOT)
                .replace("::text", "").replace("::character varying", "")
                .replaceAll("[\"()\\s]", "");
        return e.equals("lower" + emailColumn.toLowerCase(Locale.ROOT));
    }
}
