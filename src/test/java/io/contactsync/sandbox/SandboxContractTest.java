package io.contactsync.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxContractTest {
    private static SandboxServer server;
    private static SandboxClient client;
    private static OpenApiInteractionValidator responses;

    @BeforeAll
    static void start() {
        server = SandboxServer.start(SandboxClient.testConfig());
        client = new SandboxClient(server).login();
        responses = OpenApiInteractionValidator.createForInlineApiSpecification(SpecContract.patchedSpecJson()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long violations() {
        return client.control().stats().get("spec_violations").asLong();
    }

    @Test
    void should_answer_400_with_the_violations_and_count_them_when_a_request_breaks_the_spec() {
        long before = violations();
        ObjectNode body = SandboxClient.JSON.createObjectNode();
        body.putArray("import_data").addObject().put("email", "a@example.com").put("birthday_month", "May");
        body.putArray("list_ids");

        SandboxClient.Reply reply = client.post("/activities/contacts_json_import", body);
        SandboxClient.Reply badLimit = client.get("/contacts?limit=501");
        SandboxClient.Reply badStatus = client.get("/contacts?status=active,bogus");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("birthday_month").contains("list_ids");
        assertThat(reply.json().get(0).has("error_key")).isTrue();
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(violations()).isEqualTo(before + 3);
    }

    @Test
    void should_accept_what_the_real_api_accepts_when_the_spec_is_wrong() {
        assertThat(client.get("/contacts?status=active,unsubscribed&include=custom_fields,list_memberships").status()).isEqualTo(200);
        assertThat(client.get("/contact_tags?limit=10").status()).isEqualTo(200);
        ObjectNode put = SandboxClient.JSON.createObjectNode().put("update_source", "Account");
        assertThat(client.put("/contacts/" + java.util.UUID.randomUUID(), put).status()).isEqualTo(404);
    }

    @Test
    void should_answer_415_when_the_content_type_is_not_json() {
        SandboxClient.Reply reply = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.apiUri() + "/contact_lists"))
                .header("Authorization", "Bearer " + client.accessToken).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void should_answer_with_bodies_that_conform_to_the_spec_when_reading_contacts_and_activities() {
        String list = client.createList("conform");
        String field = client.createField("conform field");
        ArrayNode rows = SandboxClient.JSON.createArrayNode();
        rows.addObject().put("email", "conform@example.com").put("first_name", "Con").put("cf:conform_field", "v")
                .put("mobile_phone", "555").put("work_street", "2 Side St");
        JsonNode activity = client.importRows(list, rows);
        JsonNode page = client.get("/contacts?include=custom_fields,list_memberships,phone_numbers,street_addresses&limit=1").json();

        assertConforms("GET", "/v3/contacts", page);
        assertConforms("GET", "/v3/activities/" + activity.get("activity_id").asText(), activity);
        assertConforms("GET", "/v3/contact_custom_fields/" + field, client.get("/contact_custom_fields/" + field).json());
        assertConforms("GET", "/v3/contact_lists", client.get("/contact_lists").json());
    }

    private static void assertConforms(String method, String path, JsonNode body) {
        ValidationReport report = responses.validateResponse(path, Request.Method.valueOf(method),
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(body.toString()).build());
        assertThat(report.getMessages()).as(path).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    @Test
    void should_allow_only_loopback_clients_when_checking_control_api_callers() throws Exception {
        assertThat(ControlApi.isLoopback(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(ControlApi.isLoopback(InetAddress.getByName("::1"))).isTrue();
        assertThat(ControlApi.isLoopback(InetAddress.getByName("10.1.2.3"))).isFalse();
        assertThat(ControlApi.isLoopback(null)).isFalse();
    }
}
