package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * SQL of the OAuth token row. The tokens are secrets: they are only ever bound parameters, and the runner given by
 * the store reports failures without the driver's message (which may quote bound values). Every write is one
 * transaction, forced to disk on H2.
 */
final class TokenStatements {

    /** Runs one unit of work in a transaction, turning failures into secret-free exceptions. */
    interface Runner {
        <T> T run(String operation, Sql.Work<T> work);
    }

    private TokenStatements() {
    }

    static Optional<String> load(Runner runner, String clientId) {
        return tokens(runner, clientId, "refreshToken").map(OAuthTokens::refreshToken);
    }

    static Optional<OAuthTokens> tokens(Runner runner, String clientId, String operation) {
        Objects.requireNonNull(clientId, "clientId");
        return runner.run(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT refresh_token, access_token, access_expires_at,"
                    + " refresh_started_at, saved_at FROM oauth_token WHERE client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new OAuthTokens(rs.getString(1), rs.getString(2), Sql.instant(rs, "access_expires_at"),
                            Sql.instant(rs, "refresh_started_at"), Sql.instant(rs, "saved_at")))
                            : Optional.<OAuthTokens>empty();
                }
            }
        });
    }

    /** Only the refresh token (the access-token columns stay as they are). */
    static void save(Runner runner, String clientId, String refreshToken, Instant now, boolean h2) {
        requireToken(clientId, refreshToken);
        upsert(runner, "saveRefreshToken", h2, clientId, c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE oauth_token SET refresh_token = ?, saved_at = ? WHERE client_id = ?")) {
                update.setString(1, refreshToken);
                Sql.setInstant(update, 2, now);
                update.setString(3, clientId);
                return update.executeUpdate();
            }
        }, refreshToken, null, null, null, now);
    }

    /** The refresh token about to be spent, marked as started; the old access token is forgotten. */
    static void refreshStarting(Runner runner, String clientId, String refreshToken, Instant now, boolean h2) {
        write(runner, "markRefreshStarted", h2, clientId, refreshToken, null, null, now, now);
    }

    /** The pair a refresh returned; the started mark is cleared. */
    static void refreshed(Runner runner, String clientId, String refreshToken, String accessToken, Instant expiresAt,
                          Instant now, boolean h2) {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        write(runner, "saveTokens", h2, clientId, refreshToken, accessToken, expiresAt, null, now);
    }

    private static void write(Runner runner, String operation, boolean h2, String clientId, String refreshToken,
                              String accessToken, Instant expiresAt, Instant startedAt, Instant now) {
        requireToken(clientId, refreshToken);
        upsert(runner, operation, h2, clientId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE oauth_token SET refresh_token = ?, access_token = ?,"
                    + " access_expires_at = ?, refresh_started_at = ?, saved_at = ? WHERE client_id = ?")) {
                update.setString(1, refreshToken);
                update.setString(2, accessToken);
                Sql.setInstant(update, 3, expiresAt);
                Sql.setInstant(update, 4, startedAt);
                Sql.setInstant(update, 5, now);
                update.setString(6, clientId);
                return update.executeUpdate();
            }
        }, refreshToken, accessToken, expiresAt, startedAt, now);
    }

    private static void upsert(Runner runner, String operation, boolean h2, String clientId, Sql.Work<Integer> update,
                               String refreshToken, String accessToken, Instant expiresAt, Instant startedAt, Instant now) {
        runner.run(operation, c -> {
            if (update.apply(c) == 0) {
                insert(c, clientId, refreshToken, accessToken, expiresAt, startedAt, now);
            }
            return null;
        });
        if (h2) {
            // H2 writes committed data in the background within about a second; a crash in that window would lose
            // the only valid token of a rotating grant.
            runner.run(operation + " (flush to disk)", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
                return null;
            });
        }
    }

    private static void insert(Connection c, String clientId, String refreshToken, String accessToken, Instant expiresAt,
                               Instant startedAt, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO oauth_token (client_id, refresh_token,"
                + " access_token, access_expires_at, refresh_started_at, saved_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, clientId);
            insert.setString(2, refreshToken);
            insert.setString(3, accessToken);
            Sql.setInstant(insert, 4, expiresAt);
            Sql.setInstant(insert, 5, startedAt);
            Sql.setInstant(insert, 6, now);
            insert.executeUpdate();
        }
    }

    private static void requireToken(String clientId, String refreshToken) {
        Objects.requireNonNull(clientId, "clientId");
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new IllegalArgumentException("refresh token for client '" + clientId + "' is empty");
        }
    }
}
