package io.contactsync.constantcontact.client;

import java.nio.file.Path;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every request the sandbox receives is one the engine's client paced, counted and classified: Camel's HTTP
 * component (Apache HttpClient) must not retry a 429 or 503 on its own, behind the engine's back.
 */
class OneRetryLayerIT {

    private static final String LISTS = "GET /v3/contact_lists";

    @TempDir
    Path dir;
    Testbed bed;
    CtctClient ctct;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        ctct = bed.engine().ctct();
        ctct.listIdsByName(); // the token is fetched; only API requests follow
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 429})
    void should_count_every_request_the_server_received_when_one_answer_is_retryable(int status) {
        long calls = ctct.apiCalls();
        long received = bed.requests(LISTS);
        bed.control().addFaults("{\"endpoint\": \"" + LISTS + "\", \"status\": " + status + ", \"count\": 1}").requireOk();

        ctct.listIdsByName();

        assertThat(bed.requests(LISTS) - received).as("requests the sandbox received").isEqualTo(2);
        assertThat(ctct.apiCalls() - calls).as("requests the engine counted").isEqualTo(2);
    }

    @Test
    void should_send_nothing_more_when_the_server_answers_quota_exceeded() {
        long received = bed.requests(LISTS);
        bed.control().addFaults("{\"endpoint\": \"" + LISTS + "\", \"status\": 429, \"error_key\": \"quota_exceeded\","
                + " \"count\": 1}").requireOk();

        CtctApiException e = catchThrowableOfType(ctct::listIdsByName, CtctApiException.class);

        assertThat(e.kind()).isEqualTo(CtctApiException.Kind.QUOTA_EXCEEDED);
        assertThat(bed.requests(LISTS) - received).as("requests the sandbox received").isEqualTo(1);
    }
}
