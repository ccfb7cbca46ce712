package io.contactsync.constantcontact.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens reach the state store sealed with a key derived from the client secret. */
class EncryptedTokenStoreTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-02T10:00:00Z");

    private final RefreshTokenStore raw = RefreshTokenStore.inMemory();
    private final RefreshTokenStore sealed = new EncryptedTokenStore(raw, "client", "secret-1");

    @Test
    void should_store_neither_token_in_clear_and_open_both_when_the_secret_is_the_same() {
        sealed.refreshed("client", "rt-plain", "at-plain", EXPIRY);

        RefreshTokenStore.Stored stored = raw.load("client").orElseThrow();
        assertThat(stored.refreshToken()).startsWith(TokenCipher.PREFIX).doesNotContain("rt-plain");
        assertThat(stored.accessToken()).startsWith(TokenCipher.PREFIX).doesNotContain("at-plain");
        assertThat(new EncryptedTokenStore(raw, "client", "secret-1").load("client").orElseThrow())
                .isEqualTo(new RefreshTokenStore.Stored("rt-plain", "at-plain", EXPIRY, null));
    }

    @Test
    void should_seal_the_same_token_differently_each_time() {
        sealed.refreshStarting("client", "rt-plain");
        String first = raw.load("client").orElseThrow().refreshToken();
        sealed.refreshStarting("client", "rt-plain");

        assertThat(raw.load("client").orElseThrow().refreshToken()).isNotEqualTo(first);
    }

    @Test
    void should_treat_the_tokens_as_absent_when_the_client_secret_changed() {
        sealed.refreshed("client", "rt-plain", "at-plain", EXPIRY);

        assertThat(new EncryptedTokenStore(raw, "client", "secret-2").load("client")).isEmpty();
    }

    @Test
    void should_not_open_a_value_when_it_was_altered_or_moved_to_another_column() {
        sealed.refreshed("client", "rt-plain", "at-plain", EXPIRY);
        RefreshTokenStore.Stored s = raw.load("client").orElseThrow();
        String altered = s.refreshToken().substring(0, s.refreshToken().length() - 2)
                + (s.refreshToken().endsWith("A=") ? "B=" : "A=");

        raw.refreshed("client", altered, s.accessToken(), EXPIRY);
        assertThat(sealed.load("client")).isEmpty();
        raw.refreshed("client", s.accessToken(), s.accessToken(), EXPIRY);
        assertThat(sealed.load("client")).isEmpty();
    }

    @Test
    void should_read_a_plain_refresh_token_when_an_older_version_stored_it() {
        raw.refreshStarting("client", "rt-from-v1");

        assertThat(sealed.load("client").orElseThrow().refreshToken()).isEqualTo("rt-from-v1");
    }
}
