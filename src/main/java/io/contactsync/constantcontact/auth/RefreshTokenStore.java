package io.contactsync.constantcontact.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an OAuth client's tokens live between runs: the newest refresh token, the access token that came with it,
 * and whether a refresh was in flight. Every write must be durable when it returns: a rotating refresh token works
 * once, so the engine writes down the token it is about to spend ({@link #refreshStarting}) and the pair it got
 * back ({@link #refreshed}) before using either. Implementations are thread-safe; values are secrets and must never
 * reach a log or an exception message.
 */
public interface RefreshTokenStore {

    /**
     * What is stored for one client id.
     *
     * @param refreshToken     the refresh token to use next (never null)
     * @param accessToken      the access token of the last completed refresh, or null
     * @param accessExpiresAt  when that access token expires, or null
     * @param refreshStartedAt set when a refresh with {@code refreshToken} was started and never completed (its
     *                         answer was lost: a crash, an I/O failure); null otherwise
     */
    record Stored(String refreshToken, String accessToken, Instant accessExpiresAt, Instant refreshStartedAt) {
        @Override
        public String toString() {
            return "Stored[refreshToken=****, accessToken=" + (accessToken == null ? "none" : "****")
                    + ", accessExpiresAt=" + accessExpiresAt + ", refreshStartedAt=" + refreshStartedAt + "]";
        }
    }

    /** The tokens stored for {@code clientId}; empty when none were ever stored. */
    Optional<Stored> load(String clientId);

    /**
     * A refresh with {@code refreshToken} is about to be sent: stores it as the token to use next, marks the refresh
     * as started (now) and forgets the old access token. Durable on return.
     */
    void refreshStarting(String clientId, String refreshToken);

    /**
     * The refresh answered: stores the refresh token to use next (the rotated one, or the same for long-lived tokens)
     * with the new access token and its expiry, and clears the started mark. Durable on return.
     */
    void refreshed(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt);

    /** A store in memory (tests, tools): nothing survives the process. */
    static RefreshTokenStore inMemory() {
        Map<String, Stored> tokens = new ConcurrentHashMap<>();
        return new RefreshTokenStore() {
            @Override
            public Optional<Stored> load(String clientId) {
                return Optional.ofNullable(tokens.get(clientId));
            }

            @Override
            public void refreshStarting(String clientId, String refreshToken) {
                tokens.put(clientId, new Stored(refreshToken, null, null, Instant.now()));
            }

            @Override
            public void refreshed(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt) {
                tokens.put(clientId, new Stored(refreshToken, accessToken, accessExpiresAt, null));
            }
        };
    }
}
