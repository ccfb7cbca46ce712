package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxActivitiesTest {
    private SandboxServer server;
    private SandboxClient client;
    private String list;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxClient.testConfig());
        client = new SandboxClient(server).login();
        list = client.createList("main");
        client.createField("tier");
        ArrayNode rows = SandboxClient.JSON.createArrayNode();
        rows.addObject().put("email", "x1@example.com").put("first_name", "Xena").put("cf:tier", "gold");
        rows.addObject().put("email", "x2@example.com").put("first_name", "Xavier");
        rows.addObject().put("email", "x3@example.com");
        client.importRows(list, rows);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String id(String email) {
        return client.contactByEmail(email).get("contact_id").asText();
    }

    @Test
    void should_export_the_requested_columns_as_csv_when_the_export_completes() throws Exception {
        client.control().unsubscribe(id("x2@example.com"), "too many");
        ObjectNode body = SandboxClient.JSON.createObjectNode();
        body.putArray("fields").add("email_address").add("first_name").add("email_optout_reason").add("custom_fields");
        body.putArray("list_ids").add(list);

        JsonNode done = client.awaitActivity(client.post("/activities/contact_exports", body).json().get("activity_id").asText());
        String href = done.at("/_links/results/href").asText();
        SandboxClient.Reply file = client.get(href);
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(file.body())).getRecords();

        assertThat(done.at("/status/items_total_count").asInt()).isEqualTo(3);
        assertThat(href).startsWith("/v3/contact_exports/");
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("email_address", "first_name", "email_optout_reason", "cf:tier");
        assertThat(records.get(0).get("cf:tier")).isEqualTo("gold");
        assertThat(records.get(1).get("email_optout_reason")).isEqualTo("too many");
        assertThat(records).hasSize(3);
    }

    @Test
    void should_add_and_remove_list_memberships_when_running_list_activities() {
        String other = client.createList("other");
        ObjectNode add = SandboxClient.JSON.createObjectNode();
        add.putObject("source").putArray("contact_ids").add(id("x1@example.com")).add(id("x2@example.com"));
        add.putArray("list_ids").add(other);

        JsonNode added = client.awaitActivity(client.post("/activities/add_list_memberships", add).json().get("activity_id").asText());
        int membersAfterAdd = client.get("/contacts?lists=" + other).json().get("contacts").size();
        ObjectNode remove = SandboxClient.JSON.createObjectNode();
        remove.putObject("source").putArray("list_ids").add(other);
        remove.putArray("list_ids").add(other);
        SandboxClient.Reply removeReply = client.post("/activities/remove_list_memberships", remove);
        JsonNode removed = client.awaitActivity(removeReply.json().get("activity_id").asText());

        assertThat(added.at("/status/items_total_count").asInt()).isEqualTo(2);
        assertThat(added.at("/status/list_count").asInt()).isEqualTo(1);
        assertThat(membersAfterAdd).isEqualTo(2);
        assertThat(removeReply.status()).as("the spec's maxItems: 0 is patched").isEqualTo(201);
        assertThat(removed.get("state").asText()).isEqualTo("completed");
        assertThat(client.get("/contacts?lists=" + other).json().get("contacts")).isEmpty();
    }

    @Test
    void should_delete_contacts_when_running_a_contact_delete_activity() {
        ObjectNode body = SandboxClient.JSON.createObjectNode();
        body.putArray("contact_ids").add(id("x3@example.com"));

        JsonNode done = client.awaitActivity(client.post("/activities/contact_delete", body).json().get("activity_id").asText());

        assertThat(done.at("/status/items_completed_count").asInt()).isEqualTo(1);
        assertThat(client.contactByEmail("x3@example.com").has("deleted_at")).isTrue();
        assertThat(client.get("/contacts").json().get("contacts")).hasSize(2);
    }

    @Test
    void should_list_activities_by_state_when_asked() {
        JsonNode all = client.get("/activities?limit=10").json();
        JsonNode completed = client.get("/activities?state=completed").json();
        JsonNode failed = client.get("/activities?state=failed").json();

        assertThat(all.get("activities")).hasSize(1);
        assertThat(completed.at("/activities/0/state").asText()).isEqualTo("completed");
        assertThat(failed.get("activities")).isEmpty();
    }
}
