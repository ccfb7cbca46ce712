package io.contactsync.constantcontact.auth;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the tokens before they reach the underlying store, with a key derived from the client secret (see
 * {@link TokenCipher}). A value that does not open (the client secret was changed) is treated as absent: the
 * engine then falls back to the configured refresh token. Thread-safe if the underlying store is.
 */
public final class EncryptedTokenStore implements RefreshTokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedTokenStore.class);

    private final RefreshTokenStore store;
    private final TokenCipher cipher;

    public EncryptedTokenStore(RefreshTokenStore store, String clientId, String clientSecret) {
        this.store = store;
        this.cipher = new TokenCipher(clientId, clientSecret);
    }

    @Override
    public Optional<Stored> load(String clientId) {
        return store.load(clientId).flatMap(s -> {
            Optional<String> refresh = cipher.open(s.refreshToken(), "refresh_token");
            if (refresh.isEmpty()) {
                LOG.warn("The stored tokens of client {} cannot be decrypted (was the client secret changed?);"
                        + " using the configured refresh token", clientId);
                return Optional.empty();
            }
            String access = s.accessToken() == null ? null : cipher.open(s.accessToken(), "access_token").orElse(null);
            return Optional.of(new Stored(refresh.get(), access, access == null ? null : s.accessExpiresAt(),
                    s.refreshStartedAt()));
        });
    }

    @Override
    public void refreshStarting(String clientId, String refreshToken) {
        store.refreshStarting(clientId, cipher.seal(refreshToken, "refresh_token"));
    }

    @Override
    public void refreshed(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt) {
        store.refreshed(clientId, cipher.seal(refreshToken, "refresh_token"), cipher.seal(accessToken, "access_token"),
                accessExpiresAt);
    }

    @Override
    public String toString() {
        return "EncryptedTokenStore[" + store.getClass().getSimpleName() + "]";
    }
}
