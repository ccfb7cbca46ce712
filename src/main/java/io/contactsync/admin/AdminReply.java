package io.contactsync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An admin endpoint's answer: an HTTP status and a JSON body. */
record AdminReply(int status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AdminReply ok(JsonNode body) {
        return new AdminReply(200, body);
    }

    static AdminReply error(int status, String message) {
        return new AdminReply(status, JSON.createObjectNode().put("error", message));
    }

    String json() {
        return body.toString();
    }
}
