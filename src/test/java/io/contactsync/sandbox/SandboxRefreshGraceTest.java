package io.contactsync.sandbox;

import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Okta's grace period for rotated refresh tokens, and answers that the server computed but never sent. */
class SandboxRefreshGraceTest {

    private static final String DROP_TOKEN_ANSWER =
            "{\"endpoint\": \"POST /oauth2/default/v1/token\", \"drop_response\": true, \"count\": 1}";

    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SandboxClient start(SandboxConfig config) {
        server = SandboxServer.start(config);
        return new SandboxClient(server);
    }

    @Test
    void should_honour_a_rotated_refresh_token_again_when_it_is_used_within_the_grace_period() {
        SandboxClient client = start(SandboxClient.testConfig().withRefreshTokenGracePeriod(Duration.ofSeconds(30)));
        String first = client.refreshToken;
        client.login();

        SandboxClient.Reply again = client.token("grant_type=refresh_token&refresh_token=" + first);
        client.control().setClockOffset(31);
        SandboxClient.Reply late = client.token("grant_type=refresh_token&refresh_token=" + first);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("refresh_token").asText()).isNotEqualTo(first);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void should_have_no_grace_period_when_the_defaults_are_used() {
        assertThat(SandboxConfig.defaults().refreshTokenGracePeriod()).isZero();
    }

    @Test
    void should_rotate_the_refresh_token_but_send_no_answer_when_the_token_answer_is_dropped() {
        SandboxClient client = start(SandboxClient.testConfig());
        client.control().addFaults(DROP_TOKEN_ANSWER).requireOk();
        String first = client.refreshToken;

        Throwable lost = catchThrowable(() -> client.token("grant_type=refresh_token&refresh_token=" + first));
        SandboxClient.Reply retry = client.token("grant_type=refresh_token&refresh_token=" + first);

        assertThat(lost).isInstanceOf(UncheckedIOException.class);
        assertThat(retry.status()).as("the dropped refresh was processed: the token is spent").isEqualTo(400);
        assertThat(retry.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void should_recover_the_lost_rotation_when_the_same_token_is_retried_within_the_grace_period() {
        SandboxClient client = start(SandboxClient.testConfig().withRefreshTokenGracePeriod(Duration.ofSeconds(30)));
        client.control().addFaults(DROP_TOKEN_ANSWER).requireOk();
        String first = client.refreshToken;

        catchThrowable(() -> client.token("grant_type=refresh_token&refresh_token=" + first));
        SandboxClient.Reply retry = client.token("grant_type=refresh_token&refresh_token=" + first);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("access_token").asText()).isNotBlank();
    }

    @Test
    void should_apply_the_request_but_send_no_answer_when_an_api_answer_is_dropped() {
        SandboxClient client = start(SandboxClient.testConfig()).login();
        client.control().addFaults("{\"endpoint\": \"POST /v3/contact_lists\", \"drop_response\": true, \"count\": 1}")
                .requireOk();

        Throwable lost = catchThrowable(() -> client.createList("Dropped"));

        assertThat(lost).isInstanceOf(UncheckedIOException.class);
        assertThat(client.get("/contact_lists").body()).contains("Dropped");
        assertThat(client.control().faults().path("rules")).isEmpty();
    }

    @Test
    void should_refuse_a_drop_rule_when_it_also_asks_for_a_status() {
        SandboxClient client = start(SandboxClient.testConfig());

        SandboxControl.Reply reply = client.control()
                .addFaults("{\"endpoint\": \"POST /v3/contact_lists\", \"drop_response\": true, \"status\": 503}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("drop_response");
    }
}
