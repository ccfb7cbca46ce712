package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;

import io.contactsync.app.Engine;
import io.contactsync.app.EngineParts;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpCall;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.crm.TestClock;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.CycleHook;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A token refresh that the sandbox processed (rotating the refresh token) but whose answer the engine never saw,
 * over real HTTP: the sandbox's {@code drop_response} fault on the token endpoint. With Okta's grace period the
 * engine recovers by itself; without it, it stops with the exact message that says what happened and what to do.
 */
class LostRefreshAnswerIT {

    private static final String DROP_TOKEN_ANSWER =
            "{\"endpoint\": \"POST /oauth2/default/v1/token\", \"drop_response\": true, \"count\": 1}";

    @TempDir
    Path dir;
    Testbed bed;
    JdbcStateStore state;

    /** The process died while it waited for the token endpoint's answer. */
    static final class Crash extends RuntimeException {
    }

    @AfterEach
    void stop() {
        if (state != null) {
            state.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    private Testbed start(Duration grace) {
        bed = Testbed.start(dir, SandboxConfig.defaults().withRateLimited(false).withRefreshTokenGracePeriod(grace));
        return bed;
    }

    @Test
    void should_recover_by_itself_when_a_new_process_starts_after_a_crash_within_the_grace_period() {
        start(Duration.ofSeconds(30));

        CtctClient recovered = crashDuringRefreshThenStartAgain();

        assertThat(recovered.listIdsByName()).isEmpty();
        assertThat(bed.stats().path("token_requests").asLong()).isEqualTo(3);
    }

    @Test
    void should_fail_with_the_lockout_message_when_a_new_process_starts_after_a_crash_and_there_is_no_grace() {
        start(Duration.ZERO);

        CtctClient next = crashDuringRefreshThenStartAgain();

        CtctApiException e = catchThrowableOfType(next::listIdsByName, CtctApiException.class);
        assertThat(e.kind()).isEqualTo(CtctApiException.Kind.AUTHORIZATION);
        assertThat(e.getMessage()).isEqualTo(OAuthTokenProvider.LOCKED_OUT);
    }

    @Test
    void should_retry_the_same_refresh_token_and_go_on_when_the_answer_is_lost_within_the_grace_period() {
        start(Duration.ofSeconds(30));
        bed.createTierField();
        loseTheNextRefreshAnswerOfARunningEngine();

        SyncSummary run = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.stats().path("token_requests").asLong()).as("first, lost, retried").isEqualTo(3);
    }

    @Test
    void should_fail_the_run_with_the_lockout_message_when_the_answer_is_lost_and_there_is_no_grace() {
        start(Duration.ZERO);
        bed.createTierField();
        loseTheNextRefreshAnswerOfARunningEngine();

        SyncSummary run = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(run.status()).isNotEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.error()).contains(OAuthTokenProvider.LOCKED_OUT);
    }

    @Test
    void should_refresh_once_and_store_the_tokens_sealed_when_one_shot_runs_follow_each_other() {
        start(Duration.ZERO);
        bed.createTierField();
        for (int i = 0; i < 3; i++) {
            bed.stopEngine();
            assertThat(bed.sync(Flow.CTCT_TO_CRM).status()).isEqualTo(RunStatus.SUCCEEDED);
        }

        var stored = bed.engine().state().oauthTokens(Testbed.CLIENT_ID).orElseThrow();
        assertThat(bed.stats().path("token_requests").asLong()).as("token requests of four processes").isEqualTo(1);
        assertThat(stored.refreshToken()).startsWith(TokenCipher.PREFIX).doesNotContain("rt-");
        assertThat(stored.accessToken()).startsWith(TokenCipher.PREFIX).doesNotContain(".");
        assertThat(stored.accessExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
    }

    /**
     * Process 1 refreshes (the configured token is spent, the rotated one stored); a day later process 2 refreshes
     * with the stored token, the sandbox rotates it, the answer is dropped and process 2 dies; process 3 starts.
     */
    private CtctClient crashDuringRefreshThenStartAgain() {
        SyncSettings settings = SyncSettings.from(bed.config());
        TestClock clock = new TestClock(Instant.now());
        state = JdbcStateStore.open(settings.state().url(), settings.state().user(), settings.state().password());
        EngineParts parts = new EngineParts(clock, CycleHook.NONE, false);
        Engine.ctctClient(settings.ctct(), new JdkHttpTransport(), state, parts).listIdsByName();
        bed.control().addFaults(DROP_TOKEN_ANSWER).requireOk();
        clock.advance(Duration.ofDays(1));

        Throwable died = catchThrowable(() -> Engine.ctctClient(settings.ctct(), crashOnLostTokenAnswer(new JdkHttpTransport()),
                state, parts).listIdsByName());

        assertThat(died).isInstanceOf(Crash.class);
        assertThat(state.oauthTokens(Testbed.CLIENT_ID).orElseThrow().refreshStartedAt()).as("the lost refresh is marked")
                .isNotNull();
        return Engine.ctctClient(settings.ctct(), new JdkHttpTransport(), state, parts);
    }

    /** The sandbox's clock moves a day on: the running engine's access token is refused (401) and it refreshes. */
    private void loseTheNextRefreshAnswerOfARunningEngine() {
        bed.control().addFaults(DROP_TOKEN_ANSWER).requireOk();
        bed.control().setClockOffset(Duration.ofDays(1).toSeconds() + 60).requireOk();
    }

    private static HttpTransport crashOnLostTokenAnswer(HttpTransport transport) {
        return call -> {
            try {
                return transport.send(call);
            } catch (IOException e) {
                if (call.uri().getPath().endsWith("/token")) {
                    throw new Crash();
                }
                throw e;
            }
        };
    }

    /** Plain JDK HTTP, so that a test can wrap the transport without a Camel context. */
    static final class JdkHttpTransport implements HttpTransport {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public HttpResult send(HttpCall call) throws IOException {
            HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(30));
            call.headers().forEach(b::header);
            if (call.body() != null) {
                b.header("Content-Type", call.contentType());
            }
            b.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body()));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                TreeMap<String, String> headers = new TreeMap<>();
                r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                return new HttpResult(r.statusCode(), headers, r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
