package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one client of the sandbox's control API under {@code /sandbox} (see {@link ControlApi}), for the demo and the
 * tests: reset, stats, a contact's own unsubscribe click, an edit made in Constant Contact's UI, fault rules and
 * clock skew. Plain HTTP from the same machine, no token. Thread-safe (one JDK {@link HttpClient} shared).
 *
 * <p>Calls that change the sandbox return the {@link Reply} whatever its status, so a caller can check a rejection;
 * {@link Reply#requireOk()} turns a non-2xx answer into an exception. I/O failures are {@link UncheckedIOException}s.
 */
public final class SandboxControl {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUri the sandbox's root, e.g. {@link SandboxServer#baseUri()} (not the {@code /v3} URI) */
    public SandboxControl(URI baseUri) {
        this.baseUri = baseUri;
    }

    public static SandboxControl of(SandboxServer server) {
        return new SandboxControl(server.baseUri());
    }

    /** One answer of the control API. */
    public record Reply(String request, int status, String body) {
        /** The body as JSON; a JSON null for an empty body (204). */
        public JsonNode json() {
            if (body.isBlank()) {
                return SandboxJson.MAPPER.nullNode();
            }
            try {
                return SandboxJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(request + ": the sandbox answered " + status + " with a body that is not JSON", e);
            }
        }

        /** This reply if its status is 2xx, else an {@link IllegalStateException} naming the request, status and body. */
        public Reply requireOk() {
            if (status / 100 != 2) {
                throw new IllegalStateException(request + ": the sandbox answered " + status + " " + body);
            }
            return this;
        }
    }

    /** Empties the account, the counters, the limits, the faults and the clock skew; tokens stay valid (204). */
    public Reply reset() {
        return send("POST", "/sandbox/reset", null);
    }

    /** Counters, activity states and contact totals ({@code GET /sandbox/stats}). */
    public JsonNode stats() {
        return send("GET", "/sandbox/stats", null).requireOk().json();
    }

    /** The contact clicks "unsubscribe" (opt-out source {@code Contact}); the reply holds the contact. */
    public Reply unsubscribe(String contactId) {
        return send("POST", contactPath(contactId) + "/unsubscribe", "{}");
    }

    /** As {@link #unsubscribe(String)}, with the reason the contact gave. */
    public Reply unsubscribe(String contactId, String reason) {
        return send("POST", contactPath(contactId) + "/unsubscribe", SandboxJson.text(Map.of("reason", reason)));
    }

    /**
     * An edit as if made in Constant Contact's UI, in import vocabulary ({@code first_name}, {@code cf:tier},
     * {@code work_phone}, {@code email}…); the reply holds the contact, or a 400 naming an unknown field.
     */
    public Reply edit(String contactId, Map<String, String> fields) {
        return send("POST", contactPath(contactId) + "/edit", SandboxJson.text(fields));
    }

    /** Adds one fault rule or an array of rules, given as JSON (see docs/sandbox.md); the reply lists every rule. */
    /** Deletes a contact as if in Constant Contact's UI. */
    public Reply delete(String contactId) {
        return send("POST", "/sandbox/contacts/" + contactId + "/delete", "{}");
    }

    /**
     * The person fills in a sign-up form ({@code POST /v3/contacts/sign_up_form}, without a token): explicit consent,
     * which re-subscribes an unsubscribed contact and revives a deleted one.
     */
    public Reply signUp(String email, List<String> listIds) {
        StringBuilder lists = new StringBuilder();
        for (String id : listIds) {
            lists.append(lists.length() == 0 ? "" : ",").append('"').append(id).append('"');
        }
        return send("POST", "/sandbox/sign_up_form", "{\"email_address\":\"" + email + "\",\"list_memberships\":[" + lists + "]}");
    }

    public Reply addFaults(String rulesJson) {
        return send("POST", "/sandbox/faults", rulesJson);
    }

    /** The fault rules still active ({@code {"rules": [...]}}). */
    public JsonNode faults() {
        return send("GET", "/sandbox/faults", null).requireOk().json();
    }

    public Reply clearFaults() {
        return send("DELETE", "/sandbox/faults", null);
    }

    /** Skews the sandbox clock by {@code seconds} from real time (replaces any earlier skew); the reply holds the clock. */
    public Reply setClockOffset(long seconds) {
        return send("POST", "/sandbox/clock", SandboxJson.text(Map.of("offset_seconds", seconds)));
    }

    /** The sandbox's current time and offset ({@code {"now": ..., "offset_seconds": ...}}). */
    public JsonNode clock() {
        return send("GET", "/sandbox/clock", null).requireOk().json();
    }

    /** Any control request, for a test that sends what the typed methods cannot (a malformed body). */
    Reply send(String method, String path, String jsonBody) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        String name = method + " " + path;
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(name, r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox control " + name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during sandbox control " + name, e);
        }
    }

    private static String contactPath(String contactId) {
        return "/sandbox/contacts/" + contactId;
    }
}
