package io.contactsync.constantcontact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.constantcontact.client.CtctHttpClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.vocabulary.Vocabulary;

/**
 * The engine's one view of the Constant Contact V3 API: contacts, bulk activities, lists and custom fields,
 * spoken in the shared vocabulary. Nothing outside this package builds a URL or a payload of the API.
 * Thread-safe.
 */
public final class CtctClient {


    static final String CONTACT_INCLUDE = "custom_fields,list_memberships,phone_numbers,street_addresses";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CtctHttpClient http;
    private final Map<String, String> customFieldNames = new ConcurrentHashMap<>();
    private final ActivityPoller poller;
    private final ReadBacks readBacks;
    private final ContactExports exports;
    private final long exportMaxRows;

    public CtctClient(CtctHttpClient http, Clock clock, Duration pollInitial, Duration pollMax, Duration activityTimeout) {
        this(http, clock, pollInitial, pollMax, activityTimeout, 300_000);
    }

    /** @param exportMaxRows the largest account whose contacts a read-back learns from one export file (0: never) */
    public CtctClient(CtctHttpClient http, Clock clock, Duration pollInitial, Duration pollMax, Duration activityTimeout,
                      long exportMaxRows) {
        this.http = http;
        this.poller = new ActivityPoller(http, clock, pollInitial, pollMax, activityTimeout, CtctClient::toActivity);
        this.exports = new ContactExports(http, poller);
        this.exportMaxRows = exportMaxRows;
        this.readBacks = new ReadBacks(http, exports, exportMaxRows, this::read, this::findByEmail);
    }

    public long apiCalls() {
        return http.apiCalls();
    }

    /** Adds the requests this process sent and has not yet counted to the application's shared daily count. */
    public void flushBudget() {
        http.flushBudget();
    }

    /**
     * Constant Contact's own "now": the {@code Date} of its latest answer plus the time elapsed since (by the engine's
     * clock); empty before the first answer. Behind the server by up to a second (the header has whole seconds) plus
     * the latency of that answer, never ahead of it: a safe cap for a checkpoint taken from the source's timestamps.
     */
    public Optional<Instant> serverNow() {
        return http.serverNow();
    }

    // ---- custom fields and lists ------------------------------------------------------------------------

    /** Every custom field of the account: {@code name} (as used in {@code cf:<name>}) to {@code custom_field_id}. */
    public Map<String, String> customFieldIdsByName() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode f : paged("/contact_custom_fields?limit=100", "custom_fields")) {
            byName.put(f.path("name").asText(), f.path("custom_field_id").asText());
            customFieldNames.put(f.path("custom_field_id").asText(), f.path("name").asText());
        }
        return byName;
    }

    /** Creates a custom field of type string with this label (its {@code name} is the label with {@code _} for blanks). */
    public String createCustomField(String label) {
        ObjectNode body = NODES.objectNode().put("label", label).put("type", "string");
        JsonNode created = http.post("/contact_custom_fields", body);
        customFieldNames.put(created.path("custom_field_id").asText(), created.path("name").asText());
        return created.path("custom_field_id").asText();
    }

    /** Active lists: name to {@code list_id}. */
    public Map<String, String> listIdsByName() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode l : paged("/contact_lists?limit=500", "lists")) {
            byName.put(l.path("name").asText(), l.path("list_id").asText());
        }
        return byName;
    }

    public String createList(String name) {
        return http.post("/contact_lists", NODES.objectNode().put("name", name)).path("list_id").asText();
    }

    // ---- contacts ---------------------------------------------------------------------------------------

    /** First page of contacts of every status updated strictly after {@code after} (Constant Contact's clock). */
    public ContactPage contactsUpdatedAfter(Instant after, int limit) {
        String query = "/contacts?status=all&include=" + enc(CONTACT_INCLUDE) + "&limit=" + limit
                + (after == null ? "" : "&updated_after=" + enc(after.toString()));
        return contactPage(http.get(query));
    }

    /**
     * A {@code ctct-to-crm} pass's read of every contact updated strictly after {@code after} (null: all), by pages
     * or through one export file, whichever {@link FullReadPlanner} finds cheaper ({@link FullRead}). Close it.
     *
     * @param vocabularyFields the fields the pass maps to the CRM: an export is used only if it carries each of them
     */
    public FullRead fullRead(Instant after, int pageSize, Set<String> vocabularyFields) {
        FullRead.Pages pages = new FullRead.Pages() {
            @Override
            public JsonNode get(String pathAndQuery) {
                return http.get(pathAndQuery);
            }

            @Override
            public JsonNode getHref(String href) {
                return http.getHref(href);
            }

            @Override
            public ContactPage page(JsonNode json) {
                return contactPage(json);
            }

            @Override
            public Optional<Instant> serverNow() {
                return http.serverNow();
            }
        };
        return FullRead.start(pages, exports, after, pageSize, vocabularyFields, exportMaxRows);
    }

    /** The page behind a {@code _links.next.href}, followed exactly as given. */
    public ContactPage nextContacts(String href) {
        return contactPage(http.getHref(href));
    }

    /** The contact with this e-mail, deleted ones included. */
    public Optional<CtctContact> findByEmail(String email) {
        JsonNode page = http.get("/contacts?status=all&include=" + enc(CONTACT_INCLUDE) + "&email=" + enc(email));
        for (JsonNode c : page.path("contacts")) {
            if (c.path("email_address").path("address").asText().equalsIgnoreCase(email)) {
                return Optional.of(read(c));
            }
        }
        return Optional.empty();
    }

    /**
     * What a read-back found.
     *
     * @param contacts      the contacts behind the e-mails, by lower-case e-mail; an e-mail Constant Contact does
     *                      not have is absent
     * @param existedBefore the lower-case e-mails whose contact was there before the import (it matched an existing
     *                      contact and created nothing)
     * @param whole         the lower-case e-mails whose contact was read from a contact resource, with every core
     *                      field (the others came from an export file: id, e-mail, permission only)
     * @param way           how the ids were learned, for the run's log
     */
    public record ReadBack(Map<String, CtctContact> contacts, Set<String> existedBefore, Set<String> whole,
                           ReadBackPlanner.Way way) {
        public ReadBack {
            contacts = Map.copyOf(contacts);
            existedBefore = Set.copyOf(existedBefore);
            whole = Set.copyOf(whole);
        }
    }

    /**
     * The contacts behind these e-mails after imports that began at {@code importStartedAt} (null: unknown), read
     * the cheapest way {@link ReadBackPlanner} finds ({@link ReadBacks}).
     *
     * @param accountEstimate about how many contacts the account holds (the engine's links plus the new ones)
     */
    public ReadBack readBack(Collection<String> emails, Instant importStartedAt, long accountEstimate) {
        return readBacks.readBack(emails, importStartedAt, accountEstimate);
    }

    /** As {@link #readBack(Collection, Instant, long)} for an account of unknown size: the contacts alone. */
    public Map<String, CtctContact> readBack(Collection<String> emails, Instant importStartedAt) {
        return readBack(emails, importStartedAt, Long.MAX_VALUE).contacts();
    }

    public CtctContact getContact(String contactId) {
        return read(http.get("/contacts/" + enc(contactId) + "?include=" + enc(CONTACT_INCLUDE)));
    }

    /**
     * Changes a linked contact's e-mail (an import would create a second contact): reads the contact, then PUTs
     * its core fields back with the new address. Subresources are left out of the PUT, so they stay.
     */
    public CtctContact changeEmail(String contactId, String newEmail) {
        JsonNode current = http.get("/contacts/" + enc(contactId));
        ObjectNode body = coreFields(current);
        ((ObjectNode) body.path("email_address")).put("address", newEmail);
        return read(http.put("/contacts/" + enc(contactId), body));
    }

    /**
     * Unsubscribes a contact because the CRM says it opted out. {@code update_source} is {@code Account}: the
     * contact did not click unsubscribe in Constant Contact.
     */
    public CtctContact unsubscribe(String contactId, String reason) {
        JsonNode current = http.get("/contacts/" + enc(contactId));
        ObjectNode body = coreFields(current);
        ObjectNode email = (ObjectNode) body.path("email_address");
        email.put("permission_to_send", Vocabulary.UNSUBSCRIBED);
        email.put("opt_out_reason", reason);
        return read(http.put("/contacts/" + enc(contactId), body));
    }

    /**
     * Unsubscribes a contact the engine holds whole (read back moments ago, with every core field): one PUT, no GET
     * before it. The core fields go back as held (a PUT replaces them); subresources are left out, so they stay.
     */
    public CtctContact unsubscribe(CtctContact current, String reason) {
        return read(http.put("/contacts/" + enc(current.contactId()), ContactBodies.unsubscribePut(current, reason)));
    }

    /**
     * Creates a contact that is unsubscribed from the start, with the row's fields, custom fields (by id) and
     * lists, in one {@code POST /contacts}: no import, no read-back, no PUT. Empty when Constant Contact already
     * has the e-mail (409, for a deleted contact too): look it up with {@link #findByEmail} then.
     *
     * @param row a {@link ContactBodies#creatable creatable} import row, with {@code email}
     * @throws CtctApiException PERMANENT naming the field when a custom field of the row is not in the account
     */
    public Optional<CtctContact> createUnsubscribed(Map<String, String> row, List<String> listIds) {
        ObjectNode body;
        try {
            body = ContactBodies.unsubscribedPost(row, listIds, this::customFieldId);
        } catch (IllegalArgumentException e) {
            throw new CtctApiException(CtctApiException.Kind.PERMANENT, 0, e.getMessage(), null, null, e);
        }
        try {
            return Optional.of(read(http.post("/contacts", body)));
        } catch (CtctApiException e) {
            if (e.kind() == CtctApiException.Kind.PERMANENT && e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The id of the custom field with this {@code name}, refreshing the cache once when it is not known; or null. */
    private String customFieldId(String name) {
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Map.Entry<String, String> e : customFieldNames.entrySet()) {
                if (e.getValue().equals(name)) {
                    return e.getKey();
                }
            }
            if (attempt == 0) {
                customFieldIdsByName();
            }
        }
        return null;
    }

    private static ObjectNode coreFields(JsonNode current) {
        ObjectNode body = NODES.objectNode();
        ObjectNode email = body.putObject("email_address");
        email.put("address", current.path("email_address").path("address").asText());
        email.put("permission_to_send", current.path("email_address").path("permission_to_send").asText("implicit"));
        for (String f : List.of("first_name", "last_name", "job_title", "company_name", "anniversary", "birthday_month", "birthday_day")) {
            if (current.hasNonNull(f)) {
                body.set(f, current.get(f));
            }
        }
        body.put("update_source", "Account");
        return body;
    }

    // ---- bulk activities --------------------------------------------------------------------------------

    /** Starts a JSON import; returns the activity id. */
    public String startImport(ImportBatch batch) {
        return http.postEncoded("/activities/contacts_json_import", batch.body()).path("activity_id").asText();
    }

    /** Starts a contact_delete activity for at most 500 contacts; returns its id. */
    public String startDelete(List<String> contactIds) {
        requireAtMost(contactIds, CtctLimits.IDS_PER_ACTIVITY, "contact_delete");
        ObjectNode body = NODES.objectNode();
        contactIds.forEach(body.putArray("contact_ids")::add);
        return http.post("/activities/contact_delete", body).path("activity_id").asText();
    }

    /** Removes at most 500 contacts from lists; returns the activity id. */
    public String startRemoveFromLists(List<String> contactIds, List<String> listIds) {
        requireAtMost(contactIds, CtctLimits.IDS_PER_ACTIVITY, "remove_list_memberships");
        ObjectNode body = NODES.objectNode();
        contactIds.forEach(body.putObject("source").putArray("contact_ids")::add);
        listIds.forEach(body.putArray("list_ids")::add);
        return http.post("/activities/remove_list_memberships", body).path("activity_id").asText();
    }

    public Activity activity(String activityId) {
        return toActivity(http.get("/activities/" + enc(activityId)));
    }

    /** Polls an activity with growing intervals until it reaches a final state or the timeout passes. */
    public Activity awaitActivity(String activityId) {
        return poller.await(activityId);
    }

    /**
     * Polls several activities together ({@link ActivityPoller}) until each has ended or the timeout passed.
     *
     * @param rowsById each activity with the number of contacts it carries (the first poll waits accordingly)
     * @return the ended activities by id; one still running at the timeout is absent
     */
    public Map<String, Activity> awaitActivities(Map<String, Integer> rowsById) {
        return poller.awaitAll(rowsById);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private ContactPage contactPage(JsonNode page) {
        List<CtctContact> contacts = new ArrayList<>();
        for (JsonNode c : page.path("contacts")) {
            contacts.add(read(c));
        }
        String next = page.path("_links").path("next").path("href").asText(null);
        return new ContactPage(contacts, next == null || next.isBlank() ? null : next);
    }

    private CtctContact read(JsonNode resource) {
        if (ContactResourceReader.hasUnknownCustomField(resource, customFieldNames::get)) {
            customFieldIdsByName(); // a field was added in Constant Contact since the cache was filled
        }
        return ContactResourceReader.read(resource, customFieldNames::get);
    }

    private Iterable<JsonNode> paged(String first, String arrayField) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode page = http.get(first);
        while (true) {
            page.path(arrayField).forEach(all::add);
            String next = page.path("_links").path("next").path("href").asText(null);
            if (next == null || next.isBlank()) {
                return all;
            }
            page = http.getHref(next);
        }
    }

    private static Activity toActivity(JsonNode n) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("status").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().canConvertToLong()) {
                counts.put(e.getKey(), e.getValue().asLong());
            }
        }
        List<String> errors = new ArrayList<>();
        n.path("activity_errors").forEach(e -> errors.add(e.isTextual() ? e.asText() : e.toString()));
        String results = n.path("_links").path("results").path("href").asText(null);
        return new Activity(n.path("activity_id").asText(), n.path("state").asText(), counts, errors,
                ContactResourceReader.instant(n.path("created_at")), results == null || results.isBlank() ? null : results);
    }

    private static void requireAtMost(List<String> ids, int max, String what) {
        if (ids.isEmpty() || ids.size() > max) {
            throw new IllegalArgumentException(what + " takes 1 to " + max + " contact ids, got " + ids.size());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
