package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;

/** Test helper: speaks real HTTP to an in-process sandbox and keeps one access token. */
final class SandboxClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final SandboxServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SandboxControl control;
    String accessToken;
    String refreshToken;

    /** One HTTP answer with its body parsed when it is JSON. */
    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    SandboxClient(SandboxServer server) {
        this.server = server;
        this.refreshToken = server.config().initialRefreshToken();
        this.control = SandboxControl.of(server);
    }

    /** The control API (no token), through the same client the demo and the end-to-end tests use. */
    SandboxControl control() {
        return control;
    }

    static SandboxConfig testConfig() {
        return SandboxConfig.defaults().withPort(0).withRateLimited(false).withActivityProcessingMillis(60);
    }

    /** Refreshes with the current refresh token and keeps the new pair. */
    SandboxClient login() {
        Reply r = token("grant_type=refresh_token&refresh_token=" + refreshToken);
        if (r.status() != 200) {
            throw new AssertionError("token refresh failed: " + r.status() + " " + r.body());
        }
        accessToken = r.json().get("access_token").asText();
        refreshToken = r.json().get("refresh_token").asText();
        return this;
    }

    Reply token(String form) {
        String basic = Base64.getEncoder().encodeToString((server.config().clientId() + ":" + server.config().clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(server.tokenUri()).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    Reply get(String pathAndQuery) {
        return send(api(pathAndQuery).GET());
    }

    Reply delete(String pathAndQuery) {
        return send(api(pathAndQuery).DELETE());
    }

    Reply post(String path, Object body) {
        return send(api(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    Reply put(String path, Object body) {
        return send(api(path).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder api(String pathAndQuery) {
        String p = pathAndQuery.startsWith("/v3") ? pathAndQuery : "/v3" + pathAndQuery;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + p));
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        return b;
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Polls an activity until it reaches a final state (or fails after 20 s). */
    JsonNode awaitActivity(String activityId) {
        return poll(() -> get("/activities/" + activityId).json(),
                a -> Set.of("completed", "failed", "timed_out", "cancelled").contains(a.path("state").asText()));
    }

    static <T> T poll(java.util.function.Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting; last value: " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = probe.get();
        }
        return value;
    }

    // ---- small builders for test data ----

    String createList(String name) {
        return post("/contact_lists", JSON.createObjectNode().put("name", name)).json().get("list_id").asText();
    }

    String createField(String label) {
        return post("/contact_custom_fields", JSON.createObjectNode().put("label", label).put("type", "string"))
                .json().get("custom_field_id").asText();
    }

    /** Runs a JSON import of {@code rows} into {@code listId} and returns the final activity. */
    JsonNode importRows(String listId, JsonNode rows) {
        var body = JSON.createObjectNode();
        body.set("import_data", rows);
        body.putArray("list_ids").add(listId);
        Reply r = post("/activities/contacts_json_import", body);
        if (r.status() != 201) {
            throw new AssertionError("import rejected: " + r.status() + " " + r.body());
        }
        return awaitActivity(r.json().get("activity_id").asText());
    }

    JsonNode contactByEmail(String email) {
        JsonNode contacts = get("/contacts?status=all&include=custom_fields,list_memberships,phone_numbers,street_addresses&email="
                + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)).json().get("contacts");
        return contacts.isEmpty() ? null : contacts.get(0);
    }
}
