package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpCall;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.crm.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Token reuse across processes, lost refresh answers and the lockout, against a fake rotating token endpoint. */
class OAuthTokenProviderTest {

    private static final URI TOKEN_URL = URI.create("http://auth.test/oauth2/default/v1/token");
    private static final String CLIENT = "client";

    /** A process dies: not an I/O failure the provider could retry. */
    static final class Crash extends RuntimeException {
    }

    /** Rotates every refresh token; with {@code grace}, a rotated token keeps working (Okta's grace period). */
    final class FakeTokenEndpoint implements HttpTransport {
        final Set<String> valid = new HashSet<>(Set.of("rt-0"));
        final Set<String> rotated = new HashSet<>();
        final List<String> spent = new ArrayList<>();
        boolean grace;
        boolean crashAfterAnswering;
        boolean wrongClient;
        int grants;

        @Override
        public HttpResult send(HttpCall call) throws IOException {
            String token = URLDecoder.decode(call.body().substring(call.body().indexOf("refresh_token=") + 14), StandardCharsets.UTF_8);
            spent.add(token);
            RefreshTokenStore.Stored atSend = store.load(CLIENT).orElseThrow();
            assertThat(atSend.refreshToken()).as("stored before it is spent").isEqualTo(token);
            assertThat(atSend.refreshStartedAt()).as("marked as started").isNotNull();
            if (wrongClient) {
                return new HttpResult(401, Map.of(), "{\"error\": \"invalid_client\"}");
            }
            if (!valid.contains(token) && !(grace && rotated.contains(token))) {
                return new HttpResult(400, Map.of(), "{\"error\": \"invalid_grant\","
                        + " \"error_description\": \"unknown, invalid, or expired refresh token\"}");
            }
            valid.remove(token);
            rotated.add(token);
            grants++;
            String next = "rt-" + grants;
            valid.add(next);
            if (crashAfterAnswering) {
                crashAfterAnswering = false;
                throw new Crash();
            }
            return new HttpResult(200, Map.of(), "{\"access_token\": \"at-" + grants + "\", \"expires_in\": 3600,"
                    + " \"refresh_token\": \"" + next + "\"}");
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final RefreshTokenStore store = RefreshTokenStore.inMemory();
    private final FakeTokenEndpoint server = new FakeTokenEndpoint();

    /** A new process: nothing in memory, the same store. */
    private OAuthTokenProvider process(String configuredRefreshToken) {
        return new OAuthTokenProvider(TOKEN_URL, CLIENT, "secret", configuredRefreshToken, store, server, clock,
                Duration.ofMinutes(5));
    }

    @Test
    void should_reuse_the_stored_access_token_when_a_new_process_starts_before_it_expires() {
        String first = process("rt-0").accessToken();
        clock.advance(Duration.ofMinutes(50));

        String second = process("rt-0").accessToken();

        assertThat(second).isEqualTo(first);
        assertThat(server.grants).isEqualTo(1);
    }

    @Test
    void should_refresh_when_the_stored_access_token_expires_within_the_margin() {
        process("rt-0").accessToken();
        clock.advance(Duration.ofMinutes(56));

        String second = process("rt-0").accessToken();

        assertThat(second).isEqualTo("at-2");
        assertThat(server.spent).containsExactly("rt-0", "rt-1");
    }

    @Test
    void should_refresh_instead_of_reusing_the_stored_access_token_when_the_server_rejected_it() {
        OAuthTokenProvider p = process("rt-0");
        String rejected = p.accessToken();

        p.invalidate();

        assertThat(p.accessToken()).isNotEqualTo(rejected);
        assertThat(server.grants).isEqualTo(2);
    }

    @Test
    void should_spend_the_same_refresh_token_again_when_a_crash_lost_the_answer_and_the_server_has_a_grace_period() {
        process("rt-0").accessToken();
        clock.advance(Duration.ofMinutes(56));
        server.grace = true;
        server.crashAfterAnswering = true;
        assertThat(catchThrowable(() -> process("rt-0").accessToken())).isInstanceOf(Crash.class);
        assertThat(store.load(CLIENT).orElseThrow().refreshStartedAt()).as("the lost refresh is marked").isNotNull();

        String recovered = process("rt-0").accessToken();

        assertThat(recovered).isEqualTo("at-3");
        assertThat(server.spent).containsExactly("rt-0", "rt-1", "rt-1");
        assertThat(store.load(CLIENT).orElseThrow().refreshStartedAt()).isNull();
    }

    @Test
    void should_fail_with_the_lockout_message_when_a_crash_lost_the_answer_and_the_server_has_no_grace_period() {
        process("rt-0").accessToken();
        clock.advance(Duration.ofMinutes(56));
        server.crashAfterAnswering = true;
        assertThat(catchThrowable(() -> process("rt-0").accessToken())).isInstanceOf(Crash.class);

        CtctApiException e = catchThrowableOfType(() -> process("rt-0").accessToken(), CtctApiException.class);

        assertThat(e.kind()).isEqualTo(CtctApiException.Kind.AUTHORIZATION);
        assertThat(e.getMessage()).isEqualTo(OAuthTokenProvider.LOCKED_OUT)
                .contains("the stored and the configured refresh token", "rotated the refresh token and the new one was lost",
                        "de-authorized", "authorize the app again", "contact-sync authorize", "docs/constant-contact.md");
        assertThat(server.spent).containsExactly("rt-0", "rt-1", "rt-1", "rt-0");
    }

    @Test
    void should_use_the_configured_refresh_token_when_the_stored_one_is_refused() {
        store.refreshed(CLIENT, "rt-stale", "at-old", clock.instant().minusSeconds(1));

        String token = process("rt-0").accessToken();

        assertThat(token).isEqualTo("at-1");
        assertThat(server.spent).containsExactly("rt-stale", "rt-0");
        assertThat(store.load(CLIENT).orElseThrow().refreshToken()).isEqualTo("rt-1");
    }

    @Test
    void should_name_the_client_secret_and_not_try_another_token_when_client_authentication_fails() {
        store.refreshed(CLIENT, "rt-0", "at-old", clock.instant().minusSeconds(1));
        server.wrongClient = true;

        CtctApiException e = catchThrowableOfType(() -> process("rt-other").accessToken(), CtctApiException.class);

        assertThat(e.getMessage()).contains("invalid_client", "CTCT_CLIENT_SECRET").doesNotContain("rt-");
        assertThat(server.spent).containsExactly("rt-0");
    }
}
