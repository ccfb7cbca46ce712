package io.contactsync.crm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.WriteOutcome;

/**
 * {@link CrmConnector} for any CRM whose contacts live in one SQL table (H2, PostgreSQL). Reads changes with a
 * keyset query on {@code (updated_at, id)}, writes with batched prepared statements in one transaction, and
 * converts values to each column's SQL type. Table and column names come from {@link JdbcCrmSettings} and are
 * validated against the database when the connector is created, all problems reported at once.
 * <p>
 * Thread-safe: every call takes its own pooled connection. Either owns a small HikariCP pool (named {@code crm})
 * that {@link #close()} closes, or uses a {@link DataSource} given by the caller, which it never closes.
 */
public final class JdbcCrmConnector implements CrmConnector {

    static final int IN_LIST_CHUNK = 500;
    private static final String WHAT = CrmQueries.WHAT;

    private final JdbcCrmSettings settings;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final CrmTable table;
    private final NamedParameterSql customChanges;
    private final CrmQueries queries;
    private final JdbcCrmWriter writer;
    private final ChangeStatements changes;

    /** Opens a pool on {@code settings.url()} and checks the settings against the database. */
    public JdbcCrmConnector(JdbcCrmSettings settings, Clock clock) {
        this(checked(settings), clock, null);
    }

    /** Uses {@code dataSource} (left open by {@link #close()}) and checks the settings against the database. */
    public JdbcCrmConnector(DataSource dataSource, JdbcCrmSettings settings, Clock clock) {
        this(checked(settings), clock, Objects.requireNonNull(dataSource, "dataSource"));
    }

    private JdbcCrmConnector(JdbcCrmSettings settings, Clock clock, DataSource external) {
        Objects.requireNonNull(clock, "clock");
        this.settings = settings;
        this.ownedPool = external == null ? openPool(settings) : null;
        this.dataSource = external == null ? ownedPool : external;
        try {
            this.customChanges = settings.changesSql() == null ? null : NamedParameterSql.parse(settings.changesSql());
            this.table = inspect();
            this.queries = new CrmQueries(table, settings.emailColumn());
            this.changes = new ChangeStatements(table, customChanges);
            this.writer = new JdbcCrmWriter(table, queries, settings.idGenerator(), clock);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The settings this connector runs with. */
    public JdbcCrmSettings settings() {
        return settings;
    }

    /** What e-mail look-ups match on: the table's generated lower-case e-mail column, or {@code LOWER(<email column>)}. */
    String emailKey() {
        return table.emailKey;
    }

    /** Fails with a {@link CrmConfigurationException} when {@code policy} cannot work here (FLAG without a deleted column). */
    public void checkDeletePolicy(DeletePolicy policy) {
        List<String> problems = settings.deletePolicyProblems(policy);
        if (!problems.isEmpty()) {
            throw new CrmConfigurationException(WHAT, problems);
        }
    }

    @Override
    public CrmPage readChanges(CrmPosition after, int limit) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<CrmRecord> records = inTransaction("read changes after " + after, c -> {
            try (PreparedStatement ps = changes.prepareRead(c, after, limit)) {
                // PostgreSQL streams with a fetch size only inside a transaction (auto-commit off), as here.
                ps.setFetchSize(Math.min(settings.fetchSize(), limit));
                ps.setMaxRows(limit);
                return queries.readAll(ps, limit);
            }
        });
        CrmRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
        CrmPosition position = last == null ? null : new CrmPosition(last.updatedAt(), last.id());
        return new CrmPage(records, position, records.size() == limit);
    }

    /** {@inheritDoc} One {@code COUNT(*)} on the changes query's own predicate; empty with a custom changes query. */
    @Override
    public OptionalLong countChanges(CrmPosition after) {
        if (customChanges != null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(inTransaction("count changes after " + after, c -> {
            try (PreparedStatement ps = changes.prepareCount(c, after); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    @Override
    public List<CrmRecord> upsert(List<CrmRecord> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return inTransaction("upsert " + batch.size() + " record(s)", c -> writer.write(c, batch, Map.of())).stream()
                .map(WriteOutcome::record).toList();
    }

    @Override
    public List<WriteOutcome> upsertIfUnchanged(List<CrmRecord> batch, Map<String, Instant> expectedUpdatedAt) {
        Objects.requireNonNull(expectedUpdatedAt, "expectedUpdatedAt");
        if (batch.isEmpty()) {
            return List.of();
        }
        return inTransaction("conditionally upsert " + batch.size() + " record(s)",
                c -> writer.write(c, batch, expectedUpdatedAt));
    }

    @Override
    public void markDeleted(Collection<String> ids, DeletePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (policy == DeletePolicy.IGNORE || ids.isEmpty()) {
            return;
        }
        checkDeletePolicy(policy);
        inTransaction(policy + " " + ids.size() + " record(s)", c -> {
            writer.markDeleted(c, List.copyOf(ids), policy);
            return null;
        });
    }

    @Override
    public void restore(Collection<String> ids) {
        if (ids.isEmpty() || table.deleted == null) {
            return;
        }
        inTransaction("restore " + ids.size() + " record(s)", c -> {
            writer.restore(c, List.copyOf(ids));
            return null;
        });
    }

    @Override
    public Map<String, CrmRecord> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return inTransaction("find " + ids.size() + " record(s) by id", c -> queries.findByIds(c, ids));
    }

    @Override
    public Map<String, CrmRecord> findByEmails(Collection<String> emails) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        return inTransaction("find " + emails.size() + " record(s) by e-mail", c -> queries.findByEmails(c, emails));
    }

    @Override
    public Instant now() {
        return inTransaction("read the database clock", queries::now);
    }

    /**
     * What {@code validate} should show without failing: today, rows without an updated-at (read only by a full
     * resync). Each line names the configuration key, the table and the column, and says how to fix it.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        long nulls = inTransaction("count rows without " + table.updatedAt.name(), queries::countNullUpdatedAt);
        if (nulls > 0) {
            String u = table.updatedAt.name();
            warnings.add(JdbcCrmSettings.problem("updated-at-column", u, nulls + " row(s) of table " + table.table
                    + " have a NULL " + u + "; they are read as changed at " + Instant.EPOCH + ", i.e. only by a full"
                    + " resync (resync --full), and later edits to them are never seen; give them a value (UPDATE "
                    + table.table + " SET " + u + " = CURRENT_TIMESTAMP WHERE " + u + " IS NULL) and make the column"
                    + " NOT NULL"));
        }
        String product = inTransaction("read the database product", c -> c.getMetaData().getDatabaseProductName());
        if (table.emailKey.startsWith("LOWER(") && product.toLowerCase(Locale.ROOT).contains("h2")) {
            // H2 cannot index LOWER(email): each page of ctct-to-crm would scan the table to match e-mails.
            String e = settings.emailColumn();
            warnings.add(JdbcCrmSettings.problem("email-column", e, "table " + table.table + " has no generated"
                    + " column LOWER(" + e + "), so every page of ctct-to-crm scans the whole table to match e-mails"
                    + " (slow on large tables); add one with an index: ALTER TABLE " + table.table + " ADD COLUMN "
                    + e + "_lower VARCHAR(255) GENERATED ALWAYS AS (LOWER(" + e + ")); CREATE INDEX "
                    + table.table + "_" + e + "_lower ON " + table.table + " (" + e + "_lower) (see docs/crm-jdbc.md)"));
        }
        return warnings;
    }

    @Override
    public Set<String> fieldNames() {
        Set<String> names = new TreeSet<>();
        table.fieldColumns().forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
        return names;
    }

    @Override
    public Optional<CrmRecord> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        String sql = "SELECT " + table.selectList() + " FROM " + table.table + " WHERE " + table.emailKey
                + " = LOWER(?) ORDER BY " + table.updatedAt.name() + " DESC, " + table.id.name() + " LIMIT 10";
        List<CrmRecord> matches = inTransaction("find a record by e-mail", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, email.trim());
                return queries.readAll(ps, 10);
            }
        });
        // Several rows may share an address: a live one wins over a deleted one, then the newest.
        return matches.stream().filter(r -> !r.deleted()).findFirst().or(() -> matches.stream().findFirst());
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    private CrmTable inspect() {
        List<String> problems = new ArrayList<>();
        CrmTable inspected = inTransaction("inspect table " + settings.table(), c -> {
            CrmTable t = CrmTable.inspect(c, settings, problems);
            c.rollback(); // PostgreSQL refuses further statements in a transaction after a failed one
            if (t != null && customChanges != null) {
                checkCustomChanges(c, t, problems);
            }
            return t;
        });
        if (!problems.isEmpty()) {
            throw new CrmConfigurationException(WHAT, problems);
        }
        return inspected;
    }

    /** Runs the custom change query once with a position in the far future to check that it runs and what it returns. */
    private void checkCustomChanges(Connection c, CrmTable t, List<String> problems) {
        try (PreparedStatement ps = c.prepareStatement(customChanges.sql())) {
            for (int i = 0; i < customChanges.parameterNames().size(); i++) {
                switch (customChanges.parameterNames().get(i)) {
                    case "after_ts" -> SqlValues.bind(ps, i + 1, t.updatedAt, Instant.parse("9999-01-01T00:00:00Z"));
                    case "after_id" -> ps.setString(i + 1, "");
                    default -> ps.setInt(i + 1, 1);
                }
            }
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                RowReader.of(rs.getMetaData(), t, "changes-sql", problems);
            }
        } catch (SQLException e) {
            problems.add(JdbcCrmSettings.problem("changes-sql", null, "does not run: " + firstLine(e)));
        }
    }

    /** Runs {@code work} in one transaction: commit on success, roll back on any failure. */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new CrmException("CRM table " + settings.table() + ": " + what + " failed: " + firstLine(e), e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static JdbcCrmSettings checked(JdbcCrmSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new CrmConfigurationException(WHAT, problems);
        }
        return settings;
    }

    private static HikariDataSource openPool(JdbcCrmSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("crm");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new CrmConfigurationException(WHAT, List.of(JdbcCrmSettings.problem("url", settings.maskedUrl(),
                    "cannot connect: " + String.valueOf(root.getMessage()).lines().findFirst().orElse(""))));
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
