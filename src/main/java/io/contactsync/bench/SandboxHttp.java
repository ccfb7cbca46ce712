package io.contactsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.contactsync.ContactSyncException;
import io.contactsync.crm.demo.DemoContact;

/**
 * The harness's own client of the sandbox: seeds the account (bulk import, ids, edits) and runs the per-contact
 * baseline. It authenticates like any client, with an access token from the OAuth token endpoint. What it sends is
 * never counted as the engine's: the harness reads the sandbox's counters right before and after each engine run.
 */
final class SandboxHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEED_ROWS_PER_IMPORT = 10_000;
    private static final int MAX_EMAIL = 50;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final URI api;
    private final URI tokenUri;
    private final String basic;
    private final String refreshToken;
    private String accessToken;

    SandboxHttp(URI base, URI api, URI tokenUri, String clientId, String clientSecret, String refreshToken) {
        this.base = base;
        this.api = api;
        this.tokenUri = tokenUri;
        this.basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.refreshToken = refreshToken;
    }

    /** A fresh access token (the sandbox runs without refresh-token rotation, so the refresh token stays valid). */
    void authenticate() {
        HttpRequest r = HttpRequest.newBuilder(tokenUri).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken)).build();
        accessToken = send(r, 200).path("access_token").asText();
    }

    String createField(String label) {
        ObjectNode body = JSON.createObjectNode().put("label", label).put("type", "string");
        return post("/contact_custom_fields", body, 201).path("custom_field_id").asText();
    }

    String createList(String name) {
        return post("/contact_lists", JSON.createObjectNode().put("name", name), 201).path("list_id").asText();
    }

    /**
     * Imports the contacts {@code first .. first + count - 1} (made by {@code contact}) into {@code listId}, a batch at a
     * time, waiting for each import; returns how many were sent. Made per batch, so the bench's own heap does not
     * hold N contacts (at 1,000,000 that list alone took about 400 MB beside the sandbox's account). Addresses
     * longer than Constant Contact's 50 characters cannot be held by an account, so they are left out.
     */
    int importContacts(int first, int count, IntFunction<DemoContact> contact, String listId) throws InterruptedException {
        int sent = 0;
        for (int from = first; from < first + count; from += SEED_ROWS_PER_IMPORT) {
            List<DemoContact> batch = IntStream.range(from, Math.min(first + count, from + SEED_ROWS_PER_IMPORT))
                    .mapToObj(contact).filter(c -> c.email().length() <= MAX_EMAIL).toList();
            if (!batch.isEmpty()) {
                importBatch(batch, listId);
                sent += batch.size();
            }
        }
        return sent;
    }

    private void importBatch(List<DemoContact> contacts, String listId) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode rows = body.putArray("import_data");
        for (DemoContact c : contacts) {
            ObjectNode row = rows.addObject().put("email", c.email());
            put(row, "first_name", c.firstName());
            put(row, "last_name", c.lastName());
            put(row, "company_name", c.company());
            put(row, "job_title", c.jobTitle());
            put(row, "city", c.city());
            put(row, "country", c.country());
            put(row, "cf:tier", c.tier());
        }
        body.putArray("list_ids").add(listId);
        String activity = post("/activities/contacts_json_import", body, 201).path("activity_id").asText();
        awaitActivity(activity);
    }

    private void awaitActivity(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode a = get("/activities/" + id);
            String state = a.path("state").asText();
            if (state.equals("completed")) {
                return;
            }
            if (state.equals("failed") || state.equals("timed_out")) {
                throw new ContactSyncException("bench: seeding import " + id + " ended " + state);
            }
            Thread.sleep(200);
        }
        throw new ContactSyncException("bench: seeding import " + id + " did not finish in 30 minutes");
    }

    /** Up to {@code n} contact ids, first pages of {@code GET /contacts}. */
    List<String> contactIds(int n) {
        List<String> ids = new ArrayList<>();
        String next = "/contacts?limit=500";
        while (next != null && ids.size() < n) {
            JsonNode page = get(next);
            for (JsonNode c : page.path("contacts")) {
                if (ids.size() < n) {
                    ids.add(c.path("contact_id").asText());
                }
            }
            String href = page.path("_links").path("next").path("href").asText(null);
            next = href == null ? null : href.replaceFirst("^/v3", "");
        }
        return ids;
    }

    /** An edit made as if in Constant Contact's UI (control API, not counted as a {@code /v3} request). */
    void editInUi(String contactId, Map<String, String> fields) {
        HttpRequest r = HttpRequest.newBuilder(base.resolve("/sandbox/contacts/" + contactId + "/edit"))
                .header("Content-Type", "application/json").POST(body(JSON.valueToTree(fields))).build();
        send(r, 200);
    }

    /**
     * The baseline: one sign-up-form request per contact, with the mapping's fields, like a naive per-contact
     * integration. {@code perSecond > 0} paces it (Constant Contact's 4/s); a 429 is waited out and retried.
     */
    Baseline perContact(List<DemoContact> contacts, String listId, String tierFieldId, int perSecond)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long sent = 0;
        try {
            for (DemoContact c : contacts) {
                ObjectNode b = JSON.createObjectNode().put("email_address", c.email());
                put(b, "first_name", c.firstName());
                put(b, "last_name", c.lastName());
                put(b, "company_name", c.company());
                put(b, "job_title", c.jobTitle());
                put(b, "phone_number", c.phone());
                if (c.city() != null || c.country() != null) {
                    ObjectNode address = b.putObject("street_address").put("kind", "home");
                    put(address, "city", c.city());
                    put(address, "country", c.country());
                }
                if (c.tier() != null) {
                    b.putArray("custom_fields").addObject().put("custom_field_id", tierFieldId).put("value", c.tier());
                }
                b.putArray("list_memberships").add(listId);
                while (true) {
                    HttpResponse<String> r = raw(HttpRequest.newBuilder(api.resolve(api.getPath() + "/contacts/sign_up_form"))
                            .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                            .POST(body(b)).build());
                    if (r.statusCode() == 429) {
                        Thread.sleep(1000);
                        continue;
                    }
                    if (r.statusCode() == 401) {
                        authenticate();
                        continue;
                    }
                    if (r.statusCode() / 100 != 2) {
                        throw new ContactSyncException("sign_up_form answered " + r.statusCode() + ": " + brief(r.body()));
                    }
                    break;
                }
                sent++;
                if (perSecond > 0) {
                    Thread.sleep(1000L / perSecond);
                }
            }
            return new Baseline(sent, 0, (System.nanoTime() - t0) / 1_000_000, null);
        } catch (RuntimeException e) {
            return new Baseline(sent, 0, (System.nanoTime() - t0) / 1_000_000, e.getMessage());
        }
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(api.resolve(api.getPath() + path)).header("Authorization", "Bearer " + accessToken)
                .GET().build(), 200);
    }

    private JsonNode post(String path, JsonNode body, int expected) {
        return send(HttpRequest.newBuilder(api.resolve(api.getPath() + path)).header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json").POST(body(body)).build(), expected);
    }

    private static HttpRequest.BodyPublisher body(JsonNode node) {
        return HttpRequest.BodyPublishers.ofString(node.toString(), StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest r, int expected) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> resp = raw(r);
            if (resp.statusCode() == 429 && attempt < 120) {
                sleep(1000);
                continue;
            }
            if (resp.statusCode() != expected) {
                throw new ContactSyncException("bench: sandbox " + r.method() + " " + r.uri().getPath() + " answered "
                        + resp.statusCode() + ": " + brief(resp.body()));
            }
            try {
                return resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
            } catch (IOException e) {
                throw new ContactSyncException("bench: sandbox " + r.uri().getPath() + " answered no JSON", e);
            }
        }
    }

    private HttpResponse<String> raw(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ContactSyncException("bench: sandbox unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContactSyncException("bench: interrupted", e);
        }
    }

    private static void put(ObjectNode o, String key, String value) {
        if (value != null && !value.isBlank()) {
            o.put(key, value);
        }
    }

    /** The start of an error body (the sandbox's own message; the data is synthetic). */
    private static String brief(String body) {
        String b = body.replaceAll("[^\\s\"]+@[^\\s\"]+", "<e-mail>");
        return b.length() <= 300 ? b : b.substring(0, 300) + "...";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContactSyncException("bench: interrupted", e);
        }
    }
}
