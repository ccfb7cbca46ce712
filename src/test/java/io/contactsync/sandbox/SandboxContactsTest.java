package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxContactsTest {
    private SandboxServer server;
    private SandboxClient client;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxClient.testConfig());
        client = new SandboxClient(server).login();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ObjectNode newContact(String email) {
        ObjectNode body = SandboxClient.JSON.createObjectNode().put("create_source", "Account").put("first_name", "Ann");
        body.putObject("email_address").put("address", email);
        return body;
    }

    @Test
    void should_create_a_contact_and_answer_409_when_the_email_exists_even_deleted() {
        SandboxClient.Reply created = client.post("/contacts", newContact("ann@example.com"));
        client.delete("/contacts/" + created.json().get("contact_id").asText());

        SandboxClient.Reply again = client.post("/contacts", newContact("ANN@example.com"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/email_address/permission_to_send").asText()).isEqualTo("implicit");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get(0).get("error_key").asText()).isEqualTo("contacts.api.conflict");
    }

    @Test
    void should_replace_core_fields_and_keep_unsubscribed_when_put_asks_to_resubscribe() {
        String id = client.post("/contacts", newContact("bob@example.com")).json().get("contact_id").asText();
        ObjectNode put = SandboxClient.JSON.createObjectNode().put("update_source", "Contact").put("last_name", "Stone");
        put.putObject("email_address").put("address", "bob@example.com").put("permission_to_send", "unsubscribed");
        SandboxClient.Reply unsubscribed = client.put("/contacts/" + id, put);
        ((ObjectNode) put.get("email_address")).put("permission_to_send", "explicit");

        JsonNode after = client.put("/contacts/" + id, put).json();

        assertThat(unsubscribed.status()).isEqualTo(200);
        assertThat(unsubscribed.json().at("/email_address/opt_out_source").asText()).isEqualTo("Contact");
        assertThat(unsubscribed.json().at("/email_address/opt_out_date").isTextual()).isTrue();
        assertThat(after.has("first_name")).as("a core field left out is cleared").isFalse();
        assertThat(after.get("last_name").asText()).isEqualTo("Stone");
        assertThat(after.at("/email_address/permission_to_send").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void should_answer_409_when_put_changes_the_email_to_another_contacts() {
        client.post("/contacts", newContact("one@example.com"));
        String id = client.post("/contacts", newContact("two@example.com")).json().get("contact_id").asText();
        ObjectNode put = SandboxClient.JSON.createObjectNode().put("update_source", "Account");
        put.putObject("email_address").put("address", "one@example.com");

        assertThat(client.put("/contacts/" + id, put).status()).isEqualTo(409);
    }

    @Test
    void should_mark_deleted_without_unsubscribing_when_deleting() {
        String id = client.post("/contacts", newContact("del@example.com")).json().get("contact_id").asText();

        int status = client.delete("/contacts/" + id).status();
        JsonNode contact = client.get("/contacts/" + id).json();

        assertThat(status).isEqualTo(204);
        assertThat(contact.get("deleted_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(contact.at("/email_address/permission_to_send").asText()).isEqualTo("implicit");
        assertThat(client.get("/contacts").json().get("contacts")).isEmpty();
        assertThat(client.get("/contacts?status=deleted").json().get("contacts")).hasSize(1);
        assertThat(client.get("/contacts/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void should_return_custom_fields_by_id_when_included() {
        String field = client.createField("Favourite Colour");
        ObjectNode body = newContact("cf@example.com");
        body.putArray("custom_fields").addObject().put("custom_field_id", field).put("value", "blue");
        String id = client.post("/contacts", body).json().get("contact_id").asText();

        JsonNode plain = client.get("/contacts/" + id).json();
        JsonNode withFields = client.get("/contacts/" + id + "?include=custom_fields,phone_numbers").json();

        assertThat(plain.has("custom_fields")).isFalse();
        assertThat(withFields.at("/custom_fields/0/custom_field_id").asText()).isEqualTo(field);
        assertThat(withFields.at("/custom_fields/0/value").asText()).isEqualTo("blue");
        assertThat(client.get("/contact_custom_fields").json().at("/custom_fields/0/name").asText()).isEqualTo("Favourite_Colour");
        assertThat(client.post("/contact_custom_fields", SandboxClient.JSON.createObjectNode()
                .put("label", "Favourite Colour").put("type", "string")).status()).isEqualTo(409);
    }

    @Test
    void should_page_in_a_stable_order_across_pages_when_filtering_and_contacts_change() {
        for (int i = 0; i < 12; i++) {
            client.post("/contacts", newContact("p" + i + "@example.com"));
        }
        String unsubscribed = client.contactByEmail("p3@example.com").get("contact_id").asText();
        client.control().unsubscribe(unsubscribed);

        List<String> seen = new ArrayList<>();
        String href = "/v3/contacts?status=active&limit=4&include_count=true";
        int pages = 0;
        while (href != null) {
            JsonNode page = client.get(href).json();
            page.get("contacts").forEach(c -> seen.add(c.at("/email_address/address").asText()));
            if (pages == 0) {
                assertThat(page.get("contacts_count").asInt()).isEqualTo(11);
                // A change while paging must neither skip nor repeat contacts.
                client.put("/contacts/" + page.at("/contacts/0/contact_id").asText(), putBody(page.at("/contacts/0")));
            }
            href = page.path("_links").path("next").path("href").asText(null);
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(11).doesNotHaveDuplicates().doesNotContain("p3@example.com");
        assertThat(seen.get(0)).isEqualTo("p0@example.com");
        assertThat(seen.get(10)).isEqualTo("p11@example.com");
    }

    private static ObjectNode putBody(JsonNode contact) {
        ObjectNode put = SandboxClient.JSON.createObjectNode().put("update_source", "Account").put("first_name", "Changed");
        put.putObject("email_address").put("address", contact.at("/email_address/address").asText());
        return put;
    }

    @Test
    void should_return_only_contacts_changed_after_the_instant_when_filtering_by_updated_after() {
        for (int i = 0; i < 3; i++) {
            client.post("/contacts", newContact("u" + i + "@example.com"));
        }
        client.control().setClockOffset(100);
        JsonNode u1 = client.contactByEmail("u1@example.com");
        // The newest creation time: under load the three POSTs may straddle a second boundary.
        String checkpoint = client.contactByEmail("u2@example.com").get("updated_at").asText();
        String edited = client.control().edit(u1.get("contact_id").asText(), Map.of("first_name", "Moved")).json().get("updated_at").asText();

        JsonNode after = client.get("/contacts?updated_after=" + URLEncoder.encode(checkpoint, StandardCharsets.UTF_8)).json();
        JsonNode atEdit = client.get("/contacts?updated_after=" + URLEncoder.encode(edited, StandardCharsets.UTF_8)).json();

        assertThat(after.get("contacts")).hasSize(1);
        assertThat(after.at("/contacts/0/first_name").asText()).isEqualTo("Moved");
        assertThat(atEdit.get("contacts")).as("updated_after is exclusive").isEmpty();
        assertThat(after.has("_links")).as("no _links on the last page").isFalse();
    }

    @Test
    void should_create_then_update_and_resubscribe_when_posting_the_sign_up_form() {
        String list = client.createList("newsletter");
        ObjectNode form = SandboxClient.JSON.createObjectNode().put("email_address", "form@example.com").put("first_name", "Fay");
        form.putArray("list_memberships").add(list);
        SandboxClient.Reply created = client.post("/contacts/sign_up_form", form);
        String id = created.json().get("contact_id").asText();
        client.control().unsubscribe(id);

        SandboxClient.Reply updated = client.post("/contacts/sign_up_form", form);
        JsonNode contact = client.get("/contacts/" + id + "?include=list_memberships").json();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("action").asText()).isEqualTo("created");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(contact.at("/email_address/permission_to_send").asText()).isEqualTo("explicit");
        assertThat(contact.at("/list_memberships/0").asText()).isEqualTo(list);
    }

    @Test
    void should_find_lists_by_name_and_reject_duplicates_when_managing_lists_and_tags() {
        String list = client.createList("Customers");

        JsonNode byName = client.get("/contact_lists?name=Customers&include_count=true").json();
        int duplicate = client.post("/contact_lists", SandboxClient.JSON.createObjectNode().put("name", "Customers")).status();
        int tag = client.post("/contact_tags", SandboxClient.JSON.createObjectNode().put("name", "vip")).status();
        int tagAgain = client.post("/contact_tags", SandboxClient.JSON.createObjectNode().put("name", "vip")).status();

        assertThat(byName.at("/lists/0/list_id").asText()).isEqualTo(list);
        assertThat(byName.get("lists_count").asInt()).isEqualTo(1);
        assertThat(client.get("/contact_lists/" + list).status()).isEqualTo(200);
        assertThat(duplicate).isEqualTo(409);
        assertThat(tag).isEqualTo(201);
        assertThat(tagAgain).isEqualTo(409);
        assertThat(client.get("/contact_tags").json().at("/tags/0/name").asText()).isEqualTo("vip");
    }

    static Set<String> emails(JsonNode contacts) {
        Set<String> out = new HashSet<>();
        contacts.forEach(c -> out.add(c.at("/email_address/address").asText()));
        return out;
    }

    static ArrayNode rows() {
        return SandboxClient.JSON.createArrayNode();
    }
}
