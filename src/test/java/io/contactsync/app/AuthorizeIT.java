package io.contactsync.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.auth.AuthorizationCodeFlow;
import io.contactsync.constantcontact.auth.Pkce;
import io.contactsync.constantcontact.auth.RefreshTokenStore;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.OAuthTokens;
import io.contactsync.state.StateStore;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code authorize} end to end against the sandbox: the command runs in a thread with a configuration that holds no
 * refresh token, and the test plays the browser (authorize URL → 302 to the loopback callback → GET it).
 */
class AuthorizeIT {

    private static final Pattern AUTHORIZE_URL = Pattern.compile("(http://\\S+/oauth2/default/v1/authorize\\?\\S+)");
    private static final int CONTACTS = 5;

    @TempDir
    Path dir;
    Testbed bed;
    Path config;
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One command line run: its exit code (when done) and what it printed so far. */
    record Run(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        int code() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void start() throws IOException {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        config = bed.writeConfig();
        // No refresh token anywhere: the account is connected only by authorize (later lines win in a properties file).
        Files.writeString(config, "sync.ctct.refresh-token=\nsync.ctct.authorize-url=" + bed.sandbox().baseUri()
                + "/oauth2/default/v1/authorize\n", StandardOpenOption.APPEND);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private Run runAsync(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(new ContactSyncMain())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args));
        return new Run(exit, out, err);
    }

    private Run run(String... args) throws Exception {
        Run r = runAsync(args);
        r.code();
        return r;
    }

    /** Polls the command's output (with a timeout) for the URL it asks the user to open. */
    private static URI authorizeUrl(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !run.exit().isDone()) {
            Matcher m = AUTHORIZE_URL.matcher(run.out().toString());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no authorize URL printed: " + run.out() + run.err());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The browser's part up to the redirect: the sandbox approves at once and answers 302 to the callback. */
    private URI approve(URI authorize) throws Exception {
        HttpResponse<String> approved = get(authorize);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        return URI.create(approved.headers().firstValue("Location").orElseThrow());
    }

    private Optional<OAuthTokens> storedTokens() {
        SyncSettings settings = SyncSettings.from(bed.config());
        try (StateStore state = JdbcStateStore.open(settings.state().url(), settings.state().user(), settings.state().password())) {
            return state.oauthTokens(Testbed.CLIENT_ID);
        }
    }

    @Test
    void should_store_the_tokens_and_let_sync_run_without_a_refresh_token_when_the_user_approves() throws Exception {
        Run authorize = runAsync("authorize", "--port", "0", "--timeout", "30", "--config", config.toString());
        URI url = authorizeUrl(authorize);
        URI callback = approve(url);

        HttpResponse<String> page = get(callback);

        assertThat(callback.toString()).startsWith("http://127.0.0.1:").contains("/callback?code=");
        assertThat(url.getQuery()).contains("code_challenge_method=S256", "scope=contact_data+offline_access",
                "redirect_uri=http://127.0.0.1:", "state=");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("you can close this tab");
        assertThat(authorize.code()).as(authorize.err().toString()).isZero();
        assertThat(authorize.out().toString()).contains("Redirect URI (register it with the application): http://127.0.0.1:",
                "constant contact: authorized (scope: contact_data offline_access)", "account reachable: 0 custom field(s)");
        String code = callback.getQuery().replaceAll(".*code=([^&]+).*", "$1");
        assertThat(authorize.out().toString() + authorize.err()).as("no token or code printed").doesNotContain("rt-", code, "eyJ");
        assertThat(storedTokens()).as("tokens in the state store").hasValueSatisfying(t -> {
            assertThat(t.refreshToken()).isNotBlank().doesNotStartWith("rt-"); // sealed, never in clear
            assertThat(t.accessToken()).isNotBlank();
        });

        Run validate = run("validate", "--create-custom-fields", "--config", config.toString());
        Run sync = run("sync", "--config", config.toString());

        assertThat(validate.code()).as(validate.out().toString() + validate.err()).isZero();
        assertThat(sync.code()).as(sync.out().toString() + sync.err()).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("the sync wrote to the authorized account")
                .isEqualTo(CONTACTS);
    }

    @Test
    void should_refuse_and_store_nothing_when_the_redirect_state_does_not_match() throws Exception {
        Run authorize = runAsync("authorize", "--port", "0", "--timeout", "30", "--config", config.toString());
        URI callback = approve(authorizeUrl(authorize));
        URI forged = URI.create(callback.toString().replaceAll("state=[^&]+", "state=forged"));

        HttpResponse<String> page = get(forged);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("state mismatch");
        assertThat(authorize.code()).isEqualTo(1);
        assertThat(authorize.err().toString()).contains("state does not match");
        assertThat(storedTokens()).isEmpty();
        assertThat(bed.requests("POST /oauth2/default/v1/token")).as("the code was never exchanged").isZero();
    }

    @Test
    void should_give_up_with_exit_1_when_no_redirect_arrives_in_time() throws Exception {
        Run authorize = run("authorize", "--port", "0", "--timeout", "1", "--config", config.toString());

        assertThat(authorize.code()).isEqualTo(1);
        assertThat(authorize.err().toString()).contains("no redirect arrived within 1 s", "contact-sync authorize again");
        assertThat(storedTokens()).isEmpty();
    }

    @Test
    void should_refuse_the_exchange_when_the_verifier_is_not_the_one_of_the_challenge() throws Exception {
        HttpTransport transport = call -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(call.body())).header("Content-Type", call.contentType());
            call.headers().forEach(b::header);
            try {
                HttpResponse<String> r = browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new HttpResult(r.statusCode(), java.util.Map.of(), r.body());
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        };
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(URI.create(bed.sandbox().baseUri() + "/oauth2/default/v1/authorize"),
                bed.sandbox().tokenUri(), Testbed.CLIENT_ID, "sandbox-secret", transport, Clock.systemUTC());
        URI redirectUri = URI.create("http://127.0.0.1:8765/callback");
        String code = approve(flow.authorizeUri(redirectUri, "s", Pkce.create())).getQuery().replaceAll(".*code=([^&]+).*", "$1");
        RefreshTokenStore store = RefreshTokenStore.inMemory();

        CtctApiException e = catchThrowableOfType(() -> flow.exchange(code, redirectUri, Pkce.create(), store),
                CtctApiException.class);

        assertThat(e.kind()).isEqualTo(CtctApiException.Kind.AUTHORIZATION);
        assertThat(e.body()).isEqualTo("invalid_grant");
        assertThat(e.getMessage()).contains("400 invalid_grant");
        assertThat(store.load(Testbed.CLIENT_ID)).isEmpty();
    }

    @Test
    void should_point_at_authorize_when_neither_a_stored_nor_a_configured_token_exists() throws Exception {
        Run validate = run("validate", "--config", config.toString());

        assertThat(validate.code()).isEqualTo(1);
        assertThat(validate.out().toString()).contains("contact-sync authorize", "docs/constant-contact.md");
    }
}
