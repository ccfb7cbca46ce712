package io.contactsync.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The OAuth row of one client id, as stored (the token columns hold whatever the caller gave: the engine seals them
 * before they get here).
 *
 * @param refreshToken     the refresh token to use next (never null)
 * @param accessToken      the access token of the last completed refresh, or null
 * @param accessExpiresAt  when that access token expires, or null
 * @param refreshStartedAt when a refresh with {@code refreshToken} was started and did not complete, or null
 * @param savedAt          when the row was last written
 */
public record OAuthTokens(String refreshToken, String accessToken, Instant accessExpiresAt, Instant refreshStartedAt,
                          Instant savedAt) {
    public OAuthTokens {
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    @Override
    public String toString() {
        return "OAuthTokens[refreshToken=****, accessToken=" + (accessToken == null ? "none" : "****")
                + ", accessExpiresAt=" + accessExpiresAt + ", refreshStartedAt=" + refreshStartedAt
                + ", savedAt=" + savedAt + "]";
    }
}
