package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Looks links (with their snapshots) up by one of their keys. Callers pass thousands of keys per page, so keys
 * go into IN-lists of {@link #CHUNK} per statement: a few round trips per page instead of one per key, and
 * well under the bind-parameter limits of both databases.
 */
final class LinkReader {

    static final int CHUNK = 500;

    /** The columns a link can be found by; the only strings ever spliced into the SQL. */
    enum Key {
        CRM_ID("crm_id"), CONTACT_ID("contact_id"), EMAIL("email");

        private final String column;

        Key(String column) {
            this.column = column;
        }
    }

    private static final String SELECT = """
            SELECT l.crm_id, l.contact_id, l.email, s.fields, s.crm_updated_at, s.ctct_updated_at, s.synced_at
              FROM contact_link l
              LEFT JOIN contact_snapshot s ON s.crm_id = l.crm_id
             WHERE l.%s IN (%s)""";

    private LinkReader() {
    }

    /** Every link whose {@code key} column equals one of {@code values} (nulls and duplicates ignored). */
    static List<LinkedContact> find(Connection c, Key key, Collection<String> values) throws SQLException {
        List<LinkedContact> found = new ArrayList<>();
        List<List<String>> chunks = Sql.chunks(values, CHUNK);
        PreparedStatement full = null;
        try {
            for (List<String> chunk : chunks) {
                // Every full chunk reuses one prepared statement; only a short last chunk needs its own.
                if (chunk.size() == CHUNK) {
                    if (full == null) {
                        full = c.prepareStatement(sql(key, CHUNK));
                    }
                    read(full, chunk, found);
                } else {
                    try (PreparedStatement last = c.prepareStatement(sql(key, chunk.size()))) {
                        read(last, chunk, found);
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        return found;
    }

    private static String sql(Key key, int n) {
        return SELECT.formatted(key.column, Sql.placeholders(n));
    }

    private static void read(PreparedStatement ps, List<String> chunk, List<LinkedContact> into) throws SQLException {
        for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(new LinkedContact(
                        rs.getString("crm_id"),
                        rs.getString("contact_id"),
                        rs.getString("email"),
                        StateJson.readFields(rs.getString("fields")),
                        Sql.instant(rs, "crm_updated_at"),
                        Sql.instant(rs, "ctct_updated_at"),
                        Sql.instant(rs, "synced_at")));
            }
        }
    }
}
