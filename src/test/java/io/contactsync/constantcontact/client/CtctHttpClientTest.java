package io.contactsync.constantcontact.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.contactsync.constantcontact.auth.OAuthTokenProvider;
import io.contactsync.constantcontact.auth.RefreshTokenStore;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.crm.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's reading of Constant Contact's clock from the {@code Date} of its answers. */
class CtctHttpClientTest {

    private static final URI API = URI.create("http://ctct.test/v3");
    private static final URI TOKEN = URI.create("http://auth.test/oauth2/default/v1/token");

    /** Our clock runs an hour behind Constant Contact's. */
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final AtomicReference<String> date = new AtomicReference<>("Tue, 01 Dec 2026 10:00:00 GMT");
    private final HttpTransport transport = call -> call.uri().equals(TOKEN)
            ? new HttpResult(200, Map.of(), "{\"access_token\": \"at-1\", \"expires_in\": 86400}")
            : new HttpResult(call.uri().getPath().endsWith("/down") ? 404 : 200,
            date.get() == null ? Map.of() : Map.of("date", date.get()), "{}");
    private final CtctHttpClient client = new CtctHttpClient(API,
            new OAuthTokenProvider(TOKEN, "client", "secret", "rt-0", RefreshTokenStore.inMemory(), transport, clock,
                    Duration.ofMinutes(5)),
            new RequestPacer(100, 10_000, clock, new RequestPacerTest.FakeTicker()), transport, new CtctHttpClient.RetryPolicy(0, Duration.ZERO, Duration.ZERO),
            clock);

    @Test
    void should_know_no_server_time_when_nothing_was_answered_yet() {
        assertThat(client.serverNow()).isEmpty();
    }

    @Test
    void should_follow_the_server_clock_when_an_answer_carried_a_date() {
        client.get("/contact_lists");
        clock.advance(Duration.ofSeconds(30));

        assertThat(client.serverNow()).contains(Instant.parse("2026-12-01T10:00:30Z"));
    }

    @Test
    void should_take_the_latest_date_when_a_refused_request_carried_one() {
        client.get("/contact_lists");
        date.set("Tue, 01 Dec 2026 10:05:00 GMT");
        clock.advance(Duration.ofSeconds(1));

        try {
            client.get("/down");
        } catch (RuntimeException expected) {
            // a 404 is permanent; its Date still tells the server's time
        }

        assertThat(client.serverNow()).contains(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void should_keep_the_last_estimate_when_a_date_is_missing_or_unreadable() {
        client.get("/contact_lists");
        date.set("yesterday-ish");
        client.get("/contact_lists");
        date.set(null);
        client.get("/contact_lists");
        clock.advance(Duration.ofSeconds(2));

        assertThat(client.serverNow()).contains(Instant.parse("2026-12-01T10:00:02Z"));
    }
}
