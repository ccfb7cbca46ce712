package io.contactsync.constantcontact.auth;

import java.util.Optional;

/** Where the newest refresh token lives. {@link #save} must be durable when it returns. */
public interface RefreshTokenStore {
    Optional<String> load(String clientId);

    void save(String clientId, String refreshToken);
}
