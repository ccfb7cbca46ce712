package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a handler answers: status, content type, body and extra headers. A {@code null} response from a fault means
 * "drop the connection without answering". A large body is a {@code file} (non-null) streamed from disk instead of
 * {@code body}.
 */
public record SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers, Path file) {

    public SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    /** A body streamed from {@code file} when sent. */
    static SandboxResponse file(int status, String contentType, Path file) {
        return new SandboxResponse(status, contentType, new byte[0], Map.of(), file);
    }

    static final String JSON = "application/json";

    static SandboxResponse json(int status, JsonNode body) {
        return new SandboxResponse(status, JSON, SandboxJson.bytes(body), Map.of());
    }

    static SandboxResponse text(int status, String contentType, String body) {
        return new SandboxResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, null, new byte[0], Map.of());
    }

    /** Constant Contact's 4xx shape: a JSON array of {@code {error_key, error_message}}. */
    static SandboxResponse error(int status, String key, String message) {
        var array = SandboxJson.MAPPER.createArrayNode();
        array.addObject().put("error_key", key).put("error_message", message);
        return json(status, array);
    }

    SandboxResponse withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SandboxResponse(status, contentType, body, Map.copyOf(copy), file);
    }
}
