package io.contactsync.crm.jdbc;

import io.contactsync.crm.CrmConnector.DeletePolicy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Configuration of the {@link JdbcCrmConnector}, bound once from {@code sync.crm.jdbc.*} properties and frozen.
 * Start from {@link #of(String, String, String)} (every default filled in) and adjust with the {@code with*}
 * methods. Identifiers are used unquoted in SQL, so they are case-insensitive and must match
 * {@code [A-Za-z_][A-Za-z0-9_]{0,62}}.
 *
 * @param url             JDBC URL ({@code sync.crm.jdbc.url})
 * @param user            database user, may be null ({@code sync.crm.jdbc.user})
 * @param password        database password, taken from the environment ({@code CRM_JDBC_PASSWORD}); may be null;
 *                        never shown by {@link #toString()} or in errors
 * @param table           the contacts table ({@code sync.crm.jdbc.table}, default {@code crm_contact})
 * @param idColumn        primary key column ({@code sync.crm.jdbc.id-column}, default {@code id})
 * @param updatedAtColumn last-modified column ({@code sync.crm.jdbc.updated-at-column}, default {@code updated_at})
 * @param deletedColumn   soft-delete flag column, or null when the CRM has no soft delete
 *                        ({@code sync.crm.jdbc.deleted-column}, default {@code deleted})
 * @param emailColumn     e-mail column, always read ({@code sync.crm.jdbc.email-column}, default {@code email})
 * @param columns         the mapped columns; empty means every column of the table except the id, updated-at and
 *                        deleted columns ({@code sync.crm.jdbc.columns}, comma-separated, default empty)
 * @param changesSql      optional SELECT replacing the generated change query, with the named parameters
 *                        {@code :after_ts}, {@code :after_id} and {@code :limit} ({@code sync.crm.jdbc.changes-sql})
 * @param fetchSize       JDBC fetch size of reads ({@code sync.crm.jdbc.fetch-size}, default 500)
 * @param idGenerator     makes the id of a record inserted without one (default: random UUID string)
 */
public record JdbcCrmSettings(String url, String user, String password, String table, String idColumn,
                              String updatedAtColumn, String deletedColumn, String emailColumn, List<String> columns,
                              String changesSql, int fetchSize, Supplier<String> idGenerator) {

    public static final String PREFIX = "sync.crm.jdbc.";
    public static final String PASSWORD_ENV = "CRM_JDBC_PASSWORD";
    public static final Set<String> CHANGES_SQL_PARAMETERS = Set.of("after_ts", "after_id", "limit");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern SECRET_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    public JdbcCrmSettings {
        columns = columns == null ? List.of() : List.copyOf(columns);
        idGenerator = idGenerator == null ? () -> UUID.randomUUID().toString() : idGenerator;
    }

    /** Settings with every default: table {@code crm_contact}, columns discovered, fetch size 500, UUID ids. */
    public static JdbcCrmSettings of(String url, String user, String password) {
        return new JdbcCrmSettings(url, user, password, "crm_contact", "id", "updated_at", "deleted", "email",
                List.of(), null, 500, null);
    }

    public JdbcCrmSettings withTable(String value) {
        return new JdbcCrmSettings(url, user, password, value, idColumn, updatedAtColumn, deletedColumn, emailColumn,
                columns, changesSql, fetchSize, idGenerator);
    }

    public JdbcCrmSettings withKeyColumns(String id, String updatedAt, String deleted) {
        return new JdbcCrmSettings(url, user, password, table, id, updatedAt, deleted, emailColumn, columns,
                changesSql, fetchSize, idGenerator);
    }

    public JdbcCrmSettings withEmailColumn(String value) {
        return new JdbcCrmSettings(url, user, password, table, idColumn, updatedAtColumn, deletedColumn, value,
                columns, changesSql, fetchSize, idGenerator);
    }

    public JdbcCrmSettings withColumns(List<String> value) {
        return new JdbcCrmSettings(url, user, password, table, idColumn, updatedAtColumn, deletedColumn, emailColumn,
                value, changesSql, fetchSize, idGenerator);
    }

    public JdbcCrmSettings withChangesSql(String value) {
        return new JdbcCrmSettings(url, user, password, table, idColumn, updatedAtColumn, deletedColumn, emailColumn,
                columns, value, fetchSize, idGenerator);
    }

    public JdbcCrmSettings withFetchSize(int value) {
        return new JdbcCrmSettings(url, user, password, table, idColumn, updatedAtColumn, deletedColumn, emailColumn,
                columns, changesSql, value, idGenerator);
    }

    public JdbcCrmSettings withIdGenerator(Supplier<String> value) {
        return new JdbcCrmSettings(url, user, password, table, idColumn, updatedAtColumn, deletedColumn, emailColumn,
                columns, changesSql, fetchSize, value);
    }

    /**
     * Problems visible without a database: malformed identifiers, duplicate or reserved columns, a bad fetch
     * size, a change query that is not a SELECT or uses unknown parameters. Each names key, value and reason.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (url == null || url.isBlank()) {
            problems.add(problem("url", url, "is required"));
        } else if (!url.startsWith("jdbc:")) {
            problems.add(problem("url", maskedUrl(), "must start with 'jdbc:'"));
        }
        checkIdentifier(problems, "table", table, true);
        checkIdentifier(problems, "id-column", idColumn, true);
        checkIdentifier(problems, "updated-at-column", updatedAtColumn, true);
        checkIdentifier(problems, "deleted-column", deletedColumn, false);
        checkIdentifier(problems, "email-column", emailColumn, true);
        Set<String> keyColumns = keyColumnsLowerCase();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String key = "columns[" + i + "]";
            if (checkIdentifier(problems, key, column, true)) {
                String lower = column.toLowerCase(Locale.ROOT);
                if (keyColumns.contains(lower)) {
                    problems.add(problem(key, column, "is the id, updated-at or deleted column, which the connector"
                            + " handles itself; remove it from the mapped columns"));
                } else if (!seen.add(lower)) {
                    problems.add(problem(key, column, "is listed twice"));
                }
            }
        }
        if (fetchSize < 1 || fetchSize > 100_000) {
            problems.add(problem("fetch-size", String.valueOf(fetchSize), "must be between 1 and 100000"));
        }
        if (changesSql != null) {
            problems.addAll(changesSqlProblems());
        }
        return problems;
    }

    /** Problems of using this delete policy with these settings ({@code FLAG} needs a deleted column). */
    public List<String> deletePolicyProblems(DeletePolicy policy) {
        if (policy == DeletePolicy.FLAG && deletedColumn == null) {
            return List.of(problem("deleted-column", null,
                    "is not set, but the CRM delete policy is FLAG, which sets that column; set it or choose DELETE or IGNORE"));
        }
        return List.of();
    }

    /** Formats one problem line as {@code sync.crm.jdbc.<key> = 'value': reason}. */
    static String problem(String key, String value, String reason) {
        return PREFIX + key + " = " + (value == null ? "(not set)" : "'" + value + "'") + ": " + reason;
    }

    String maskedUrl() {
        return url == null ? null : SECRET_IN_URL.matcher(url).replaceAll("$1***");
    }

    Set<String> keyColumnsLowerCase() {
        Set<String> keys = new HashSet<>();
        for (String c : new String[] {idColumn, updatedAtColumn, deletedColumn}) {
            if (c != null) {
                keys.add(c.toLowerCase(Locale.ROOT));
            }
        }
        return keys;
    }

    private List<String> changesSqlProblems() {
        List<String> problems = new ArrayList<>();
        String shown = changesSql.length() > 80 ? changesSql.substring(0, 77) + "..." : changesSql;
        String head = changesSql.stripLeading().toLowerCase(Locale.ROOT);
        if (!head.startsWith("select") && !head.startsWith("with")) {
            problems.add(problem("changes-sql", shown, "must be a SELECT (or WITH ... SELECT) statement"));
            return problems;
        }
        NamedParameterSql parsed;
        try {
            parsed = NamedParameterSql.parse(changesSql);
        } catch (IllegalArgumentException e) {
            problems.add(problem("changes-sql", shown, e.getMessage()));
            return problems;
        }
        List<String> unknown = parsed.parameterNames().stream()
                .filter(name -> !CHANGES_SQL_PARAMETERS.contains(name)).distinct().toList();
        if (!unknown.isEmpty()) {
            problems.add(problem("changes-sql", shown, "uses unknown named parameter(s) " + unknown
                    + "; the known ones are :after_ts, :after_id and :limit"));
        }
        return problems;
    }

    private static boolean checkIdentifier(List<String> problems, String key, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(problem(key, null, "is required"));
            }
            return false;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            problems.add(problem(key, value, "is not a plain SQL identifier (letters, digits and '_', not starting"
                    + " with a digit, at most 63 characters)"));
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "JdbcCrmSettings[url=" + maskedUrl() + ", user=" + user + ", password=" + (password == null ? "(none)" : "***")
                + ", table=" + table + ", idColumn=" + idColumn + ", updatedAtColumn=" + updatedAtColumn
                + ", deletedColumn=" + deletedColumn + ", emailColumn=" + emailColumn + ", columns=" + columns
                + ", changesSql=" + (changesSql == null ? "(generated)" : "(custom)") + ", fetchSize=" + fetchSize + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JdbcCrmSettings s && Objects.equals(url, s.url) && Objects.equals(user, s.user)
                && Objects.equals(password, s.password) && Objects.equals(table, s.table)
                && Objects.equals(idColumn, s.idColumn) && Objects.equals(updatedAtColumn, s.updatedAtColumn)
                && Objects.equals(deletedColumn, s.deletedColumn) && Objects.equals(emailColumn, s.emailColumn)
                && columns.equals(s.columns) && Objects.equals(changesSql, s.changesSql) && fetchSize == s.fetchSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, table, idColumn, updatedAtColumn, deletedColumn, emailColumn, columns,
                changesSql, fetchSize);
    }
}
