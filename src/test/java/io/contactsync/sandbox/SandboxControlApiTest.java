package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxControlApiTest {
    private SandboxServer server;
    private SandboxClient client;
    private String list;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxClient.testConfig());
        client = new SandboxClient(server).login();
        list = client.createList("control");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String importOne(String email) {
        ArrayNode rows = SandboxClient.JSON.createArrayNode();
        rows.addObject().put("email", email).put("first_name", "Original");
        client.importRows(list, rows);
        return client.contactByEmail(email).get("contact_id").asText();
    }

    @Test
    void should_empty_the_account_and_counters_when_reset() {
        importOne("r@example.com");

        int status = client.control().reset().status();
        JsonNode stats = client.control().stats();

        assertThat(status).isEqualTo(204);
        assertThat(client.get("/contacts?status=all").json().get("contacts")).isEmpty();
        assertThat(client.get("/contact_lists").json().get("lists")).isEmpty();
        assertThat(stats.at("/contacts/total").asInt()).isZero();
        assertThat(stats.at("/activities/completed").asInt()).isZero();
    }

    @Test
    void should_count_rows_and_bytes_of_each_accepted_import_so_that_a_benchmark_can_compare_them_with_the_limits() {
        ArrayNode rows = SandboxClient.JSON.createArrayNode();
        rows.addObject().put("email", "i1@example.com");
        rows.addObject().put("email", "i2@example.com");
        rows.addObject().put("email", "i3@example.com");
        client.importRows(list, rows);
        importOne("i4@example.com");

        JsonNode imports = client.control().stats().get("imports");

        assertThat(imports.get("calls").asLong()).isEqualTo(2);
        assertThat(imports.get("rows").asLong()).isEqualTo(4);
        assertThat(imports.get("max_rows").asLong()).isEqualTo(3);
        assertThat(imports.get("max_bytes").asLong()).isGreaterThan(3 * "i1@example.com".length());
        assertThat(imports.get("bytes").asLong()).isGreaterThan(imports.get("max_bytes").asLong());
        assertThat(imports.get("recent")).hasSize(2);
        assertThat(imports.at("/recent/0/0").asLong()).isEqualTo(3);
        assertThat(imports.at("/recent/1/0").asLong()).isEqualTo(1);
        assertThat(imports.at("/recent/0/1").asLong()).isEqualTo(imports.get("max_bytes").asLong());
        client.control().reset();
        assertThat(client.control().stats().at("/imports/calls").asLong()).isZero();
    }

    @Test
    void should_unsubscribe_and_move_updated_at_when_the_contact_clicks_unsubscribe() {
        String id = importOne("u@example.com");
        client.control().setClockOffset(5);

        JsonNode contact = client.control().unsubscribe(id).json();
        JsonNode stats = client.control().stats();

        assertThat(contact.at("/email_address/permission_to_send").asText()).isEqualTo("unsubscribed");
        assertThat(contact.at("/email_address/opt_out_source").asText()).isEqualTo("Contact");
        assertThat(Instant.parse(contact.get("updated_at").asText())).isAfter(Instant.parse(contact.get("created_at").asText()));
        assertThat(stats.at("/contacts/unsubscribed").asInt()).isEqualTo(1);
        assertThat(client.get("/contacts?status=unsubscribed").json().get("contacts")).hasSize(1);
        assertThat(client.get("/contacts?optout_after=2000-01-01T00:00:00Z").json().get("contacts")).hasSize(1);
    }

    @Test
    void should_apply_import_vocabulary_with_contact_as_source_when_edited_in_the_ui() {
        client.createField("tier");
        String id = importOne("e@example.com");

        JsonNode edited = client.control().edit(id, Map.of("first_name", "X", "cf:tier", "gold", "work_phone", "555-1")).json();
        SandboxControl.Reply unknown = client.control().edit(id, Map.of("cf:nope", "1"));

        assertThat(edited.get("first_name").asText()).isEqualTo("X");
        assertThat(edited.get("update_source").asText()).isEqualTo("Contact");
        assertThat(edited.at("/custom_fields/0/value").asText()).isEqualTo("gold");
        assertThat(edited.at("/phone_numbers/0/kind").asText()).isEqualTo("work");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void should_answer_503_for_the_next_n_requests_when_a_counted_fault_is_set() {
        client.control().addFaults("{\"endpoint\":\"GET /v3/contacts*\",\"status\":503,\"count\":2}");

        int first = client.get("/contacts").status();
        int second = client.get("/contacts?limit=1").status();
        int third = client.get("/contacts").status();

        assertThat(first).isEqualTo(503);
        assertThat(second).isEqualTo(503);
        assertThat(third).isEqualTo(200);
        assertThat(client.control().faults().get("rules")).isEmpty();
    }

    @Test
    void should_end_the_activity_failed_without_changes_when_an_activity_fault_is_set() {
        client.control().addFaults("{\"activity_outcome\":\"failed\",\"count\":1}");
        ArrayNode rows = SandboxClient.JSON.createArrayNode();
        rows.addObject().put("email", "f@example.com");

        JsonNode failed = client.importRows(list, rows);
        JsonNode next = client.importRows(list, rows);

        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("activity_errors")).isNotEmpty();
        assertThat(next.get("state").asText()).isEqualTo("completed");
        assertThat(client.control().stats().at("/activities/failed").asInt()).isEqualTo(1);
    }

    @Test
    void should_delay_and_drop_requests_when_delay_and_timeout_faults_are_set() {
        client.control().addFaults("[{\"endpoint\":\"GET /v3/contact_lists\",\"delay_ms\":300,\"count\":1},"
                + "{\"endpoint\":\"GET /v3/contact_tags\",\"timeout\":true,\"delay_ms\":200}]");

        long start = System.nanoTime();
        int delayed = client.get("/contact_lists").status();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(delayed).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // The JDK client retries an idempotent GET once, so the timeout rule has no count here.
        assertThatThrownBy(() -> client.get("/contact_tags")).isInstanceOf(java.io.UncheckedIOException.class);
        client.control().clearFaults();
        assertThat(client.get("/contact_tags").status()).isEqualTo(200);
    }

    @Test
    void should_report_the_skewed_time_when_the_clock_is_set() {
        Instant before = Instant.now();

        JsonNode clock = client.control().setClockOffset(3600).json();

        assertThat(Instant.parse(clock.get("now").asText())).isAfter(before.plusSeconds(3590));
        assertThat(client.control().clock().get("offset_seconds").asLong()).isEqualTo(3600);
        assertThat(client.control().send("POST", "/sandbox/clock", "{}").status()).isEqualTo(400);
    }
}
