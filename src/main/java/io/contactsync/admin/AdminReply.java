package io.contactsync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An admin endpoint's answer: an HTTP status and a JSON body; errors are {@code {"error": "..."}}.
 *
 * @param allow    the methods a 405 names in its {@code Allow} header; null otherwise
 * @param location the {@code Location} header (a 202 naming its one run); null otherwise
 */
record AdminReply(int status, JsonNode body, String allow, String location) {

    AdminReply(int status, JsonNode body, String allow) {
        this(status, body, allow, null);
    }

    /** 202 Accepted: the work runs in the background; {@code location} (or null) is where to follow it. */
    static AdminReply accepted(JsonNode body, String location) {
        return new AdminReply(202, body, null, location);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static AdminReply ok(JsonNode body) {
        return new AdminReply(200, body, null);
    }

    static AdminReply error(int status, String message) {
        return new AdminReply(status, errorBody(message), null);
    }

    static AdminReply methodNotAllowed(String method, String allowed) {
        return new AdminReply(405, errorBody("method: " + method + " is not allowed here; use " + allowed), allowed);
    }

    static JsonNode errorBody(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    String json() {
        return body.toString();
    }
}
