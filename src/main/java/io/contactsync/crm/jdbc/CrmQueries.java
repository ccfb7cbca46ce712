package io.contactsync.crm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmRecord;

/**
 * The look-ups of {@link JdbcCrmConnector} (by ids, by e-mails, the database clock), on a connection whose
 * transaction the caller owns; shared with {@link JdbcCrmWriter}, which re-reads stale rows. Immutable.
 */
final class CrmQueries {

    static final String WHAT = "CRM JDBC configuration";

    /** Several rows for one address: a live one wins over a deleted one, then the newest, then the smallest id. */
    static final Comparator<CrmRecord> BEST_MATCH = Comparator.comparing(CrmRecord::deleted)
            .thenComparing(CrmRecord::updatedAt, Comparator.reverseOrder())
            .thenComparing(CrmRecord::id);

    private final CrmTable table;
    private final SqlColumn email;

    CrmQueries(CrmTable table, String emailColumn) {
        this.table = table;
        this.email = table.field(emailColumn);
    }

    Map<String, CrmRecord> findByIds(Connection c, Collection<String> ids) throws SQLException {
        Map<String, CrmRecord> found = new LinkedHashMap<>();
        List<Object> keys = JdbcCrmWriter.convertibleIds(table, ids);
        for (int from = 0; from < keys.size(); from += JdbcCrmConnector.IN_LIST_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + JdbcCrmConnector.IN_LIST_CHUNK));
            String sql = "SELECT " + table.selectList() + " FROM " + table.table + " WHERE " + table.id.name()
                    + " IN (" + CrmTable.placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    SqlValues.bind(ps, i + 1, table.id, chunk.get(i));
                }
                readAll(ps, Integer.MAX_VALUE).forEach(r -> found.put(r.id(), r));
            }
        }
        return found;
    }

    Map<String, CrmRecord> findByEmails(Connection c, Collection<String> emails) throws SQLException {
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        emails.stream().filter(e -> e != null && !e.isBlank()).forEach(e -> wanted.add(lower(e.trim())));
        List<String> keys = new ArrayList<>(wanted);
        Map<String, CrmRecord> best = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += JdbcCrmConnector.IN_LIST_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + JdbcCrmConnector.IN_LIST_CHUNK));
            // On an indexed lower-case column when the table has one: index look-ups, not a scan per page.
            String sql = "SELECT " + table.selectList() + " FROM " + table.table + " WHERE " + table.emailKey
                    + " IN (" + CrmTable.placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                for (CrmRecord r : readAll(ps, chunk.size())) {
                    String key = lower(String.valueOf(r.fields().get(email.name())));
                    if (wanted.contains(key)) {
                        best.merge(key, r, (a, b) -> BEST_MATCH.compare(a, b) <= 0 ? a : b);
                    }
                }
            }
        }
        return best;
    }

    /** The database's CURRENT_TIMESTAMP as an instant, cut to the updated-at column's precision. */
    Instant now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            // As an OffsetDateTime, whatever the session's time zone: H2 and PostgreSQL both give the true instant.
            OffsetDateTime now = rs.getObject(1, OffsetDateTime.class);
            if (now == null) {
                throw new CrmException("CRM table " + table.table + ": the database returned no CURRENT_TIMESTAMP");
            }
            return table.updatedAt.truncate(now.toInstant());
        }
    }

    /** Rows whose updated-at is NULL. */
    long countNullUpdatedAt(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table.table + " WHERE "
                + table.updatedAt.name() + " IS NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<CrmRecord> readAll(PreparedStatement ps, int expected) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<String> problems = new ArrayList<>();
            RowReader reader = RowReader.of(rs.getMetaData(), table, "changes-sql", problems);
            if (reader == null) {
                throw new CrmConfigurationException(WHAT, problems);
            }
            List<CrmRecord> records = new ArrayList<>(Math.min(expected, 1024));
            while (rs.next()) {
                records.add(reader.read(rs));
            }
            return records;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
