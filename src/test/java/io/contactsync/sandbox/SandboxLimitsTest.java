package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxLimitsTest {
    private SandboxServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private SandboxClient start(SandboxConfig config) {
        server = SandboxServer.start(config);
        return new SandboxClient(server).login();
    }

    @Test
    void should_answer_throttled_when_a_burst_exceeds_the_per_second_limit() {
        SandboxClient client = start(SandboxClient.testConfig().withRateLimited(true).withRequestsPerSecond(4));
        List<SandboxClient.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(client.get("/contacts"));
        }

        SandboxClient.Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();

        assertThat(replies.stream().filter(r -> r.status() == 200).count()).isLessThanOrEqualTo(5);
        assertThat(limited.json().get("error_key").asText()).isEqualTo("throttled");
        assertThat(limited.json().get("error_message").asText()).isEqualTo("Too Many Requests");
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(client.control().stats().at("/rate_limited/throttled").asLong()).isPositive();
    }

    @Test
    void should_answer_quota_exceeded_when_the_daily_quota_is_used_until_the_utc_day_changes() {
        SandboxClient client = start(SandboxClient.testConfig().withRateLimited(true).withRequestsPerSecond(100).withDailyQuota(3));
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/contacts").status()).isEqualTo(200);
        }

        SandboxClient.Reply over = client.get("/contacts");
        client.control().setClockOffset(86400);
        int nextDay = client.get("/contacts").status();

        assertThat(over.status()).isEqualTo(429);
        assertThat(over.json().get("error_key").asText()).isEqualTo("quota_exceeded");
        assertThat(over.json().get("error_message").asText()).isEqualTo("Limit Exceeded");
        assertThat(nextDay).as("the token expired too after a day; the quota itself was reset").isEqualTo(401);
        assertThat(client.login().get("/contacts").status()).isEqualTo(200);
    }

    @Test
    void should_answer_429_on_activity_posts_when_the_queue_is_full() {
        SandboxClient client = start(SandboxClient.testConfig().withRateLimited(true).withRequestsPerSecond(100)
                .withMaxQueuedActivities(2).withActivityProcessingMillis(60_000));
        String list = client.createList("queue");
        var body = SandboxClient.JSON.createObjectNode();
        ArrayNode rows = body.putArray("import_data");
        rows.addObject().put("email", "q@example.com");
        body.putArray("list_ids").add(list);

        int first = client.post("/activities/contacts_json_import", body).status();
        int second = client.post("/activities/contacts_json_import", body).status();
        SandboxClient.Reply third = client.post("/activities/contacts_json_import", body);

        assertThat(first).isEqualTo(201);
        assertThat(second).isEqualTo(201);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().get("error_key").asText()).isEqualTo("queue_full");
        assertThat(client.control().stats().at("/rate_limited/queue_full").asLong()).isEqualTo(1);
    }
}
