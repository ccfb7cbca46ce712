package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxPersistenceTest {

    @Test
    void should_keep_contacts_lists_fields_activities_exports_and_tokens_when_restarted_with_a_data_dir(@TempDir Path dir) {
        SandboxConfig config = SandboxClient.testConfig().withDataDir(dir);
        String list;
        String field;
        String activity;
        String refresh;
        String usedRefresh;
        String exportHref;
        String phoneId;
        try (SandboxServer first = SandboxServer.start(config)) {
            SandboxClient client = new SandboxClient(first);
            usedRefresh = client.refreshToken;
            client.login();
            refresh = client.refreshToken;
            list = client.createList("kept");
            field = client.createField("kept field");
            ArrayNode rows = SandboxClient.JSON.createArrayNode();
            rows.addObject().put("email", "kept@example.com").put("cf:kept_field", "yes").put("home_phone", "555");
            activity = client.importRows(list, rows).get("activity_id").asText();
            var export = SandboxClient.JSON.createObjectNode();
            exportHref = client.awaitActivity(client.post("/activities/contact_exports", export).json()
                    .get("activity_id").asText()).at("/_links/results/href").asText();
            phoneId = client.contactByEmail("kept@example.com").at("/phone_numbers/0/phone_number_id").asText();
            client.control().unsubscribe(client.contactByEmail("kept@example.com").get("contact_id").asText());
        }

        try (SandboxServer second = SandboxServer.start(config)) {
            SandboxClient client = new SandboxClient(second);
            SandboxClient.Reply oldToken = client.token("grant_type=refresh_token&refresh_token=" + usedRefresh);
            client.refreshToken = refresh;
            client.login();
            JsonNode contact = client.contactByEmail("kept@example.com");
            JsonNode stats = client.control().stats();

            assertThat(oldToken.status()).isEqualTo(400);
            assertThat(contact.at("/custom_fields/0/custom_field_id").asText()).isEqualTo(field);
            assertThat(contact.at("/list_memberships/0").asText()).isEqualTo(list);
            assertThat(contact.at("/phone_numbers/0/phone_number").asText()).isEqualTo("555");
            assertThat(contact.at("/phone_numbers/0/phone_number_id").asText()).as("kept as two longs, stored as its UUID")
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").isEqualTo(phoneId);
            assertThat(contact.at("/email_address/permission_to_send").asText()).isEqualTo("unsubscribed");
            assertThat(client.get("/activities/" + activity).json().get("state").asText()).isEqualTo("completed");
            assertThat(client.get(exportHref).body()).contains("kept@example.com");
            assertThat(stats.get("requests").get("POST /v3/activities/contacts_json_import").asInt()).isEqualTo(1);
            assertThat(stats.at("/contacts/unsubscribed").asInt()).isEqualTo(1);
        }
    }
}
