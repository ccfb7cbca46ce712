package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxImportTest {
    private SandboxServer server;
    private SandboxClient client;
    private String list;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxClient.testConfig().withActivityProcessingMillis(300));
        client = new SandboxClient(server).login();
        list = client.createList("imports");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ArrayNode rows() {
        return SandboxClient.JSON.createArrayNode();
    }

    @Test
    void should_go_through_initialized_processing_completed_and_count_rows_when_importing() {
        client.createField("tier");
        ArrayNode rows = rows();
        rows.addObject().put("email", "a@example.com").put("first_name", "Ann").put("cf:tier", "gold")
                .put("home_phone", "555-0100").put("work_city", "Paris").put("street", "1 Main St").put("street2", "Apt 2");
        rows.addObject().put("email", "not-an-email");
        rows.addObject().put("email", "b@example.com").put("cf:xyz", "nope");
        ObjectNode body = SandboxClient.JSON.createObjectNode();
        body.set("import_data", rows);
        body.putArray("list_ids").add(list);

        SandboxClient.Reply created = client.post("/activities/contacts_json_import", body);
        String id = created.json().get("activity_id").asText();
        JsonNode processing = SandboxClient.poll(() -> client.get("/activities/" + id).json(),
                a -> !a.get("state").asText().equals("initialized"));
        JsonNode done = client.awaitActivity(id);
        JsonNode ann = client.contactByEmail("A@example.com");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("state").asText()).isEqualTo("initialized");
        assertThat(processing.get("state").asText()).isIn("processing", "completed");
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.at("/status/items_total_count").asInt()).isEqualTo(3);
        assertThat(done.at("/status/person_count").asInt()).isEqualTo(1);
        assertThat(done.at("/status/error_count").asInt()).isEqualTo(1);
        assertThat(done.at("/status/correctable_count").asInt()).isEqualTo(1);
        assertThat(done.get("activity_errors").toString()).contains("row 2: invalid email address").contains("row 3: unknown custom field cf:xyz");
        assertThat(ann.at("/email_address/permission_to_send").asText()).isEqualTo("implicit");
        assertThat(ann.at("/email_address/opt_in_source").asText()).isEqualTo("Account");
        assertThat(ann.get("create_source").asText()).isEqualTo("Account");
        assertThat(ann.at("/custom_fields/0/value").asText()).isEqualTo("gold");
        assertThat(ann.at("/phone_numbers/0/kind").asText()).isEqualTo("home");
        assertThat(ann.get("street_addresses").toString()).contains("\"street\":\"1 Main St\\nApt 2\"").contains("\"city\":\"Paris\"");
        assertThat(ann.at("/list_memberships/0").asText()).isEqualTo(list);
    }

    @Test
    void should_update_only_sent_properties_and_clear_on_empty_string_when_reimporting() {
        ArrayNode first = rows();
        first.addObject().put("email", "keep@example.com").put("first_name", "Kay").put("last_name", "Old").put("job_title", "CEO");
        client.importRows(list, first);
        ArrayNode second = rows();
        second.addObject().put("email", "KEEP@example.com").put("last_name", "New").put("job_title", "");

        client.importRows(list, second);
        JsonNode contact = client.contactByEmail("keep@example.com");

        assertThat(contact.get("first_name").asText()).isEqualTo("Kay");
        assertThat(contact.get("last_name").asText()).isEqualTo("New");
        assertThat(contact.has("job_title")).isFalse();
    }

    @Test
    void should_not_resubscribe_nor_relist_when_importing_an_unsubscribed_contact() {
        String other = client.createList("other");
        ArrayNode rows = rows();
        rows.addObject().put("email", "gone@example.com").put("first_name", "Gus");
        client.importRows(list, rows);
        String id = client.contactByEmail("gone@example.com").get("contact_id").asText();
        client.control().unsubscribe(id);
        ArrayNode again = rows();
        again.addObject().put("email", "gone@example.com").put("first_name", "Gustav");

        JsonNode activity = client.importRows(other, again);
        JsonNode contact = client.contactByEmail("gone@example.com");

        assertThat(activity.at("/status/cannot_add_to_list_count").asInt()).isEqualTo(1);
        assertThat(contact.at("/email_address/permission_to_send").asText()).isEqualTo("unsubscribed");
        assertThat(contact.get("first_name").asText()).isEqualTo("Gustav");
        assertThat(contact.get("list_memberships").toString()).doesNotContain(other);
    }

    @Test
    void should_revive_a_deleted_contact_when_importing_it() {
        ArrayNode rows = rows();
        rows.addObject().put("email", "back@example.com");
        client.importRows(list, rows);
        String id = client.contactByEmail("back@example.com").get("contact_id").asText();
        client.delete("/contacts/" + id);

        client.importRows(list, rows);
        JsonNode contact = client.get("/contacts/" + id).json();

        assertThat(contact.has("deleted_at")).isFalse();
        assertThat(client.get("/contacts").json().get("contacts")).hasSize(1);
    }

    @Test
    void should_cut_the_body_at_4_mb_and_import_the_complete_rows_when_the_body_is_larger() {
        ObjectNode body = SandboxClient.JSON.createObjectNode();
        body.putArray("list_ids").add(list);
        ArrayNode rows = body.putArray("import_data");
        String padding = "x".repeat(40);
        for (int i = 0; i < 40_000; i++) {
            rows.addObject().put("email", "big" + i + "@example.com").put("first_name", padding).put("last_name", padding);
        }
        String json = body.toString();
        assertThat(json.length()).isGreaterThan(ImportTruncation.LIMIT);

        JsonNode created = client.post("/activities/contacts_json_import", json).json();
        JsonNode done = client.awaitActivity(created.get("activity_id").asText());
        JsonNode stats = client.control().stats();

        int imported = done.at("/status/person_count").asInt();
        String kept = json.substring(0, ImportTruncation.LIMIT);
        int complete = kept.split("\"}", -1).length - 1;
        assertThat(stats.get("truncations").asInt()).isEqualTo(1);
        assertThat(imported).isEqualTo(complete).isLessThan(40_000);
        assertThat(done.at("/status/items_total_count").asInt()).isEqualTo(imported);
        assertThat(client.contactByEmail("big" + (imported - 1) + "@example.com")).isNotNull();
        assertThat(client.contactByEmail("big" + imported + "@example.com")).isNull();
    }
}
