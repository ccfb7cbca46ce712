package io.contactsync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * SQL of the OAuth refresh-token row. The token is a secret: it is only ever a bound parameter, and the runner
 * given by the store reports failures without the driver's message (which may quote bound values).
 */
final class TokenStatements {

    /** Runs one unit of work in a transaction, turning failures into secret-free exceptions. */
    interface Runner {
        <T> T run(String operation, Sql.Work<T> work);
    }

    private TokenStatements() {
    }

    static Optional<String> load(Runner runner, String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return runner.run("refreshToken", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT refresh_token FROM oauth_token WHERE client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    static void save(Runner runner, String clientId, String refreshToken, Instant now, boolean h2) {
        Objects.requireNonNull(clientId, "clientId");
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new IllegalArgumentException("refresh token for client '" + clientId + "' is empty");
        }
        runner.run("saveRefreshToken", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE oauth_token SET refresh_token = ?, saved_at = ? WHERE client_id = ?")) {
                update.setString(1, refreshToken);
                Sql.setInstant(update, 2, now);
                update.setString(3, clientId);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO oauth_token (client_id, refresh_token, saved_at) VALUES (?, ?, ?)")) {
                        insert.setString(1, clientId);
                        insert.setString(2, refreshToken);
                        Sql.setInstant(insert, 3, now);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
        if (h2) {
            runner.run("saveRefreshToken (flush to disk)", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
                return null;
            });
        }
    }
}
