package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The link and snapshot writes of a {@link PageCommit}, set-based: per page a few keyed SELECTs find which rows
 * exist, then one batch deletes the stale links, one batch updates the rows that exist and one inserts the rest.
 * (Before, every link cost a DELETE, an UPDATE and, when new, an INSERT for the link and again for its snapshot:
 * five statements per new contact, three of them finding nothing.) On a connection whose transaction the caller
 * owns; the engine serializes the writers of one flow, so no other transaction adds these keys in between.
 */
final class LinkWrites {

    private LinkWrites() {
    }

    /**
     * One link per crm id and per contact id, the later entry of the page winning, so that the inserts below
     * cannot collide with each other.
     */
    static Collection<LinkedContact> latestPerKey(List<LinkedContact> links) {
        Map<String, LinkedContact> byCrmId = new LinkedHashMap<>();
        for (LinkedContact link : links) {
            byCrmId.remove(link.crmId());
            byCrmId.put(link.crmId(), link);
        }
        Map<String, LinkedContact> byContactId = new LinkedHashMap<>();
        for (LinkedContact link : byCrmId.values()) {
            byContactId.remove(link.contactId());
            byContactId.put(link.contactId(), link);
        }
        return byContactId.values();
    }

    /**
     * Upserts each link and its snapshot by crm id. First removes any row holding one of the page's contact ids
     * under another crm id (the stale link; its snapshot goes with it by ON DELETE CASCADE): after that no
     * update below can collide on the UNIQUE contact id, even when two links swap their contact ids in one page.
     * Which rows exist is asked only after that delete, since it may remove rows of the page's own crm ids.
     */
    static void upsert(Connection c, Collection<LinkedContact> links, Instant now) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        deleteStale(c, links);
        List<String> crmIds = links.stream().map(LinkedContact::crmId).toList();
        Set<String> linked = existing(c, "contact_link", "crm_id", crmIds);
        Set<String> snapshotted = existing(c, "contact_snapshot", "crm_id", crmIds);
        List<LinkedContact> updateLinks = new ArrayList<>();
        List<LinkedContact> insertLinks = new ArrayList<>();
        List<LinkedContact> updateSnapshots = new ArrayList<>();
        List<LinkedContact> insertSnapshots = new ArrayList<>();
        for (LinkedContact l : links) {
            (linked.contains(l.crmId()) ? updateLinks : insertLinks).add(l);
            (snapshotted.contains(l.crmId()) ? updateSnapshots : insertSnapshots).add(l);
        }
        batch(c, "UPDATE contact_link SET contact_id = ?, email = ? WHERE crm_id = ?", updateLinks, (ps, l) -> {
            ps.setString(1, l.contactId());
            ps.setString(2, lowerCase(l.email()));
            ps.setString(3, l.crmId());
        });
        batch(c, "INSERT INTO contact_link (crm_id, contact_id, email) VALUES (?, ?, ?)", insertLinks, (ps, l) -> {
            ps.setString(1, l.crmId());
            ps.setString(2, l.contactId());
            ps.setString(3, lowerCase(l.email()));
        });
        Sql.Binder<LinkedContact> snapshot = (ps, l) -> {
            ps.setString(1, StateJson.write(l.snapshot()));
            Sql.setInstant(ps, 2, l.crmUpdatedAt());
            Sql.setInstant(ps, 3, l.ctctUpdatedAt());
            Sql.setInstant(ps, 4, l.syncedAt() == null ? now : l.syncedAt());
            ps.setString(5, l.crmId());
        };
        batch(c, """
                UPDATE contact_snapshot SET fields = ?, crm_updated_at = ?, ctct_updated_at = ?, synced_at = ?
                 WHERE crm_id = ?""", updateSnapshots, snapshot);
        batch(c, """
                INSERT INTO contact_snapshot (fields, crm_updated_at, ctct_updated_at, synced_at, crm_id)
                VALUES (?, ?, ?, ?, ?)""", insertSnapshots, snapshot);
    }

    /** Deletes the rows that hold one of the links' contact ids under another crm id, found with keyed SELECTs. */
    private static void deleteStale(Connection c, Collection<LinkedContact> links) throws SQLException {
        Map<String, String> crmIdByContactId = new LinkedHashMap<>();
        links.forEach(l -> crmIdByContactId.put(l.contactId(), l.crmId()));
        List<String> stale = new ArrayList<>();
        for (List<String> chunk : Sql.chunks(crmIdByContactId.keySet(), LinkReader.CHUNK)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT crm_id, contact_id FROM contact_link WHERE contact_id IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!rs.getString(1).equals(crmIdByContactId.get(rs.getString(2)))) {
                            stale.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        batch(c, "DELETE FROM contact_link WHERE crm_id = ?", stale, (ps, crmId) -> ps.setString(1, crmId));
    }

    /** Which of {@code keys} the {@code column} of {@code table} holds: one IN-list SELECT per chunk. */
    static Set<String> existing(Connection c, String table, String column, Collection<String> keys) throws SQLException {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : Sql.chunks(keys, LinkReader.CHUNK)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE " + column
                    + " IN (" + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** One batched statement for every item, flushed every {@link Sql#BATCH_SIZE} rows. */
    static <T> void batch(Connection c, String sql, Collection<T> items, Sql.Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int row = 0;
            for (T item : items) {
                binder.bind(ps, item);
                Sql.addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }

    private static String lowerCase(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }
}
