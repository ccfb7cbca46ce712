package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Persists the account in an H2 file database ({@code DIR/sandbox}): one row per document (kind, id, JSON), loaded at
 * start. Changes are written behind: {@link #flush()} copies the dirty documents as JSON while holding the account
 * lock, then writes them after releasing it, so slow disk I/O never blocks requests. The server flushes every 200 ms
 * and on close.
 */
final class SandboxStore implements AutoCloseable {
    private static final String META = "meta";
    private final Connection connection;

    /** A serialised document, or a deletion when {@code json} is null. */
    private record Doc(String kind, String id, String json) {
    }

    SandboxStore(Path dir) {
        try {
            connection = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("sandbox"), "sa", "");
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS docs (kind VARCHAR(32) NOT NULL, id VARCHAR(128) NOT NULL, "
                        + "doc CLOB NOT NULL, PRIMARY KEY (kind, id))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open sandbox database in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads every stored document into a fresh account and the other stateful parts. */
    synchronized void load(Account account, TokenService tokens, SandboxStats stats, SandboxClock clock) throws SQLException {
        List<Contact> contacts = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, id, doc FROM docs")) {
            while (rs.next()) {
                String kind = rs.getString(1);
                String id = rs.getString(2);
                String json = rs.getString(3);
                switch (kind) {
                    case Account.CONTACT -> contacts.add(SandboxJson.read(json, Contact.class));
                    case Account.LIST -> account.lists.put(id, SandboxJson.read(json, ContactList.class));
                    case Account.FIELD -> account.fields.put(id, SandboxJson.read(json, CustomField.class));
                    case Account.TAG -> account.tags.put(id, SandboxJson.read(json, Tag.class));
                    case Account.ACTIVITY -> account.activities.put(id, SandboxJson.read(json, Activity.class));
                    case Account.EXPORT -> account.exports.put(id, account.exportFiles.restore(id, SandboxJson.read(json, String.class)));
                    case META -> restoreMeta(id, SandboxJson.read(json, JsonNode.class), account, tokens, stats, clock);
                    default -> throw new IllegalStateException("unknown document kind " + kind);
                }
            }
        }
        contacts.sort(Comparator.comparingLong(c -> c.seq));
        contacts.forEach(account::putContact);
        account.drainChanges();
    }

    private static void restoreMeta(String id, JsonNode doc, Account account, TokenService tokens, SandboxStats stats,
                                    SandboxClock clock) {
        switch (id) {
            case "account" -> account.restoreSeq(doc.path("seq").asLong());
            case "tokens" -> tokens.restore(doc);
            case "stats" -> stats.restore(doc);
            case "clock" -> clock.setOffsetSeconds(doc.path("offset_seconds").asLong());
            default -> throw new IllegalStateException("unknown meta document " + id);
        }
    }

    /** Writes every change since the last flush. */
    synchronized void flush(Account account, TokenService tokens, SandboxStats stats, SandboxClock clock) {
        List<Doc> docs = new ArrayList<>();
        boolean wiped;
        synchronized (account) {
            Account.Changes changes = account.drainChanges();
            wiped = changes.wiped();
            for (Account.DocKey k : changes.keys()) {
                Object value = switch (k.kind()) {
                    case Account.CONTACT -> account.contacts.get(k.id());
                    case Account.LIST -> account.lists.get(k.id());
                    case Account.FIELD -> account.fields.get(k.id());
                    case Account.TAG -> account.tags.get(k.id());
                    case Account.ACTIVITY -> account.activities.get(k.id());
                    default -> account.exports.get(k.id());
                };
                docs.add(new Doc(k.kind(), k.id(), value == null ? null : SandboxJson.text(value)));
            }
            docs.add(new Doc(META, "account", SandboxJson.text(SandboxJson.object().put("seq", account.seq()))));
        }
        docs.add(new Doc(META, "tokens", SandboxJson.text(tokens.toJson())));
        docs.add(new Doc(META, "stats", SandboxJson.text(stats.toJson())));
        docs.add(new Doc(META, "clock", SandboxJson.text(SandboxJson.object().put("offset_seconds", clock.offsetSeconds()))));
        write(wiped, docs);
    }

    private void write(boolean wiped, List<Doc> docs) {
        try {
            connection.setAutoCommit(false);
            if (wiped) {
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("DELETE FROM docs WHERE kind <> '" + META + "'");
                }
            }
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO docs (kind, id, doc) KEY (kind, id) VALUES (?, ?, ?)");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM docs WHERE kind = ? AND id = ?")) {
                for (Doc d : docs) {
                    PreparedStatement ps = d.json() == null ? delete : merge;
                    ps.setString(1, d.kind());
                    ps.setString(2, d.id());
                    if (d.json() != null) {
                        ps.setString(3, d.json());
                    }
                    ps.addBatch();
                }
                merge.executeBatch();
                delete.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write sandbox state: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close sandbox database: " + e.getMessage(), e);
        }
    }
}
