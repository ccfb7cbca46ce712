package io.contactsync.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization-code grant with PKCE (RFC 7636, S256), as Constant Contact's authorization server checks it. */
class SandboxPkceTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9fTPwP7G4X3mcHYjXdk3IMJsw";
    /** Computed apart: {@code printf %s $VERIFIER | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =}. */
    private static final String CHALLENGE = "2RZo-PNSDaZcUzV0inBkw2cEuBN_JMUcFZniuikIPzU";
    private static final String REDIRECT = "http://127.0.0.1:8765/callback";

    private SandboxServer server;
    private SandboxClient client;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxClient.testConfig());
        client = new SandboxClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SandboxClient.Reply authorize(String pkce) {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/oauth2/default/v1/authorize"
                + "?client_id=sandbox-client&response_type=code&state=s1&scope=contact_data+offline_access"
                + "&redirect_uri=" + REDIRECT + pkce)).GET());
    }

    private String code(SandboxClient.Reply redirect) {
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
        return redirect.headers().firstValue("Location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1");
    }

    private SandboxClient.Reply exchange(String code, String verifierParam) {
        return client.token("grant_type=authorization_code&redirect_uri=" + REDIRECT + "&code=" + code + verifierParam);
    }

    @Test
    void should_hash_the_verifier_as_base64url_sha256_when_checking_s256() {
        assertThat(TokenService.s256(VERIFIER)).isEqualTo(CHALLENGE);
    }

    @Test
    void should_issue_tokens_when_the_verifier_matches_the_challenge() {
        String code = code(authorize("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"));

        SandboxClient.Reply reply = exchange(code, "&code_verifier=" + VERIFIER);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("refresh_token").asText()).startsWith("rt-");
        assertThat(reply.json().get("scope").asText()).isEqualTo("contact_data offline_access");
    }

    @Test
    void should_refuse_the_code_with_invalid_grant_when_the_verifier_is_wrong() {
        String code = code(authorize("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"));

        SandboxClient.Reply wrong = exchange(code, "&code_verifier=" + VERIFIER.replace('d', 'e'));
        SandboxClient.Reply retried = exchange(code, "&code_verifier=" + VERIFIER);

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(wrong.json().get("error_description").asText()).isEqualTo("PKCE verification failed.");
        assertThat(retried.status()).as("a refused attempt spends the code").isEqualTo(400);
    }

    @Test
    void should_refuse_the_code_when_the_verifier_is_missing() {
        String code = code(authorize("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"));

        SandboxClient.Reply reply = exchange(code, "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void should_refuse_the_authorize_request_when_the_method_is_not_s256() {
        SandboxClient.Reply plain = authorize("&code_challenge=" + VERIFIER + "&code_challenge_method=plain");
        SandboxClient.Reply noMethod = authorize("&code_challenge=" + CHALLENGE);

        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(noMethod.status()).isEqualTo(400);
    }

    @Test
    void should_refuse_the_code_when_the_redirect_uri_differs_from_the_authorize_request() {
        String code = code(authorize("&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"));

        SandboxClient.Reply reply = client.token("grant_type=authorization_code&redirect_uri=http://127.0.0.1:9999/callback"
                + "&code=" + code + "&code_verifier=" + VERIFIER);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_grant");
    }
}
