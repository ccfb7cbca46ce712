package io.contactsync.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxOAuthTest {
    private SandboxServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private SandboxClient start(SandboxConfig config) {
        server = SandboxServer.start(config);
        return new SandboxClient(server);
    }

    @Test
    void should_reject_a_used_refresh_token_when_tokens_rotate() {
        SandboxClient client = start(SandboxClient.testConfig());
        String first = client.refreshToken;
        client.login();

        SandboxClient.Reply reused = client.token("grant_type=refresh_token&refresh_token=" + first);

        assertThat(client.refreshToken).isNotEqualTo(first);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(reused.json().get("error_description").asText()).isEqualTo("unknown, invalid, or expired refresh token");
        assertThat(client.login().accessToken).isNotBlank();
    }

    @Test
    void should_return_the_same_refresh_token_when_long_lived() {
        SandboxClient client = start(SandboxClient.testConfig().withRotateRefreshTokens(false));
        String first = client.refreshToken;

        client.login();
        client.login();

        assertThat(client.refreshToken).isEqualTo(first);
    }

    @Test
    void should_issue_a_jwt_shaped_token_when_refreshing() throws Exception {
        SandboxClient client = start(SandboxClient.testConfig().withTokenTtlSeconds(600));
        SandboxClient.Reply r = client.token("grant_type=refresh_token&refresh_token=" + client.refreshToken);

        String[] parts = r.json().get("access_token").asText().split("\\.");
        var claims = SandboxClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));

        assertThat(parts).hasSize(3);
        assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asLong()).isEqualTo(600);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
        assertThat(claims.has("sub")).isTrue();
        assertThat(claims.get("scope").asText()).contains("contact_data");
    }

    @Test
    void should_answer_401_when_the_token_is_missing_invalid_or_expired() {
        SandboxClient client = start(SandboxClient.testConfig().withTokenTtlSeconds(60));
        assertThat(client.get("/contacts").status()).isEqualTo(401);

        client.accessToken = "abc.def.ghi";
        assertThat(client.get("/contacts").status()).isEqualTo(401);

        client.login();
        assertThat(client.get("/contacts").status()).isEqualTo(200);
        client.control().setClockOffset(61);
        SandboxClient.Reply expired = client.get("/contacts");

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get(0).get("error_key").asText()).isEqualTo("unauthorized");
    }

    @Test
    void should_answer_401_when_client_credentials_are_wrong() {
        SandboxClient client = start(SandboxClient.testConfig());
        SandboxClient.Reply r = client.send(HttpRequest.newBuilder(server.tokenUri())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sandbox-client:wrong".getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=sandbox-refresh-token")));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void should_throttle_the_token_endpoint_when_called_twice_in_a_second() {
        SandboxClient client = start(SandboxClient.testConfig().withRateLimited(true).withRotateRefreshTokens(false));
        int first = client.token("grant_type=refresh_token&refresh_token=" + client.refreshToken).status();
        int second = client.token("grant_type=refresh_token&refresh_token=" + client.refreshToken).status();

        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(429);
    }

    @Test
    void should_exchange_an_authorization_code_once_when_authorized() {
        SandboxClient client = start(SandboxClient.testConfig());
        SandboxClient.Reply redirect = client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                + "/oauth2/default/v1/authorize?client_id=sandbox-client&response_type=code&state=xyz"
                + "&scope=contact_data+offline_access&redirect_uri=http://localhost/cb")).GET());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*code=([^&]+).*", "$1");

        SandboxClient.Reply first = client.token("grant_type=authorization_code&redirect_uri=http://localhost/cb&code=" + code);
        SandboxClient.Reply second = client.token("grant_type=authorization_code&redirect_uri=http://localhost/cb&code=" + code);

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(location).startsWith("http://localhost/cb?code=").contains("state=xyz");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("scope").asText()).isEqualTo("contact_data offline_access");
        assertThat(second.status()).isEqualTo(400);
    }
}
