package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the resource-shaped bodies of POST and PUT /contacts to a stored {@link Contact}: core fields and the
 * subresource arrays. Called with the {@link Account} lock held. Checks what the spec cannot express (kinds,
 * references to existing lists and custom fields, sources) and throws {@link ApiError} for a 400.
 */
final class ContactEdits {
    static final Set<String> SOURCES = Set.of("Contact", "Account");
    static final Set<String> PHONE_KINDS = Set.of("home", "work", "mobile", "other");
    static final Set<String> ADDRESS_KINDS = Set.of("home", "work", "other");
    static final Set<String> PERMISSIONS = Set.of("explicit", "implicit", "not_set", "pending_confirmation",
            "temp_hold", "unsubscribed");

    private ContactEdits() {
    }

    static String source(JsonNode body, String field) {
        String s = body.path(field).asText(null);
        if (s == null || !SOURCES.contains(s)) {
            throw ApiError.badRequest(field + " must be Contact or Account");
        }
        return s;
    }

    /** Replaces the core fields (a field left out becomes empty), as PUT does; POST uses it on a new contact. */
    static void replaceCore(Contact c, JsonNode body) {
        c.firstName = text(body, "first_name");
        c.lastName = text(body, "last_name");
        c.jobTitle = text(body, "job_title");
        c.companyName = text(body, "company_name");
        c.anniversary = text(body, "anniversary");
        Integer month = body.hasNonNull("birthday_month") ? body.get("birthday_month").asInt() : null;
        Integer day = body.hasNonNull("birthday_day") ? body.get("birthday_day").asInt() : null;
        checkBirthday(month, day);
        c.birthdayMonth = month;
        c.birthdayDay = day;
    }

    static void checkBirthday(Integer month, Integer day) {
        if ((month == null) != (day == null)) {
            throw ApiError.badRequest("birthday_month and birthday_day must be given together");
        }
        if (month != null && (month < 1 || month > 12 || day < 1 || day > 31)) {
            throw ApiError.badRequest("birthday_month must be 1-12 and birthday_day 1-31");
        }
    }

    /** Applies every subresource array present in {@code body}; absent arrays leave the subresource unchanged. */
    static void replaceSubresources(Account account, Contact c, JsonNode body, String source, Instant now) {
        if (body.has("phone_numbers")) {
            c.phones = phones(body.get("phone_numbers"), source, now);
        }
        if (body.has("street_addresses")) {
            c.addresses = addresses(body.get("street_addresses"), now);
        }
        if (body.has("custom_fields")) {
            c.customFields = customFields(account, body.get("custom_fields"));
        }
        if (body.has("list_memberships")) {
            c.lists = existing(account.lists.keySet(), body.get("list_memberships"), "list");
        }
        if (body.has("taggings")) {
            c.taggings = existing(account.tags.keySet(), body.get("taggings"), "tag");
        }
        if (body.has("notes")) {
            c.notes = new java.util.ArrayList<>();
            for (JsonNode n : body.get("notes")) {
                Contact.Note note = new Contact.Note();
                note.noteId = n.path("note_id").asText(Account.newId());
                note.content = n.path("content").asText("");
                note.createdAt = now;
                c.notes.add(note);
            }
        }
    }

    private static List<Contact.Phone> phones(JsonNode array, String source, Instant now) {
        List<Contact.Phone> out = new java.util.ArrayList<>();
        for (JsonNode n : array) {
            String kind = n.path("kind").asText("other");
            if (!PHONE_KINDS.contains(kind)) {
                throw ApiError.badRequest("phone_numbers kind must be one of " + PHONE_KINDS);
            }
            out.add(newPhone(kind, n.path("phone_number").asText(""), source, now));
        }
        return out;
    }

    static Contact.Phone newPhone(String kind, String number, String source, Instant now) {
        Contact.Phone p = new Contact.Phone();
        p.id(Account.newId());
        p.kind = kind;
        p.number = number;
        p.createSource = source;
        p.updateSource = source;
        p.createdAt = now;
        p.updatedAt = now;
        return p;
    }

    private static List<Contact.Address> addresses(JsonNode array, Instant now) {
        List<Contact.Address> out = new java.util.ArrayList<>();
        for (JsonNode n : array) {
            String kind = n.path("kind").asText();
            if (!ADDRESS_KINDS.contains(kind)) {
                throw ApiError.badRequest("street_addresses kind must be one of " + ADDRESS_KINDS);
            }
            Contact.Address a = newAddress(kind, now);
            a.street = text(n, "street");
            a.city = text(n, "city");
            a.state = text(n, "state");
            a.postalCode = text(n, "postal_code");
            a.country = text(n, "country");
            out.add(a);
        }
        return out;
    }

    static Contact.Address newAddress(String kind, Instant now) {
        Contact.Address a = new Contact.Address();
        a.id(Account.newId());
        a.kind = kind;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    private static Map<String, String> customFields(Account account, JsonNode array) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode n : array) {
            String id = n.path("custom_field_id").asText();
            if (!account.fields.containsKey(id)) {
                throw ApiError.badRequest("custom field " + id + " does not exist");
            }
            out.put(id, n.path("value").asText(""));
        }
        return out;
    }

    private static Set<String> existing(Set<String> known, JsonNode array, String what) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : array) {
            if (!known.contains(n.asText())) {
                throw ApiError.badRequest(what + " " + n.asText() + " does not exist");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
