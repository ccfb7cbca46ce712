package io.contactsync.constantcontact;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Turns a {@code ContactResource} (nested {@code email_address}, {@code phone_numbers[]},
 * {@code street_addresses[]}, {@code custom_fields[]} by id) into the flat vocabulary of the JSON import, so
 * that what an import wrote reads back under the same names. The import's unprefixed address fields
 * ({@code street}, {@code city}, …) are the {@code home} address and its {@code phone} is the {@code home}
 * phone (see docs/sandbox.md); both spellings are produced so a mapping may use either.
 */
public final class ContactResourceReader {

    static final Map<String, String> PHONE_FIELD_BY_KIND = Map.of(
            "home", "home_phone", "work", "work_phone", "mobile", "mobile_phone", "other", "other_phone");
    static final String DEFAULT_PHONE_KIND = "home";
    static final String DEFAULT_ADDRESS_KIND = "home";
    static final List<String> CORE = List.of("first_name", "last_name", "job_title", "company_name", "anniversary");
    private static final Map<String, String> ADDRESS_PARTS = Map.of(
            "street", "street", "street2", "street2", "city", "city", "state", "state", "postal_code", "zip", "country", "country");

    private ContactResourceReader() {
    }

    /**
     * @param customFieldName custom_field_id to its {@code name}; returns null for an unknown id (the field is skipped)
     */
    public static CtctContact read(JsonNode resource, Function<String, String> customFieldName) {
        Map<String, String> v = new TreeMap<>();
        JsonNode email = resource.path("email_address");
        put(v, Vocabulary.EMAIL, email.path("address"));
        put(v, Vocabulary.PERMISSION_TO_SEND, email.path("permission_to_send"));
        for (String f : CORE) {
            put(v, f, resource.path(f));
        }
        put(v, "birthday_month", resource.path("birthday_month"));
        put(v, "birthday_day", resource.path("birthday_day"));
        for (JsonNode p : resource.path("phone_numbers")) {
            String kind = p.path("kind").asText("other");
            String field = PHONE_FIELD_BY_KIND.getOrDefault(kind, "other_phone");
            put(v, field, p.path("phone_number"));
            if (DEFAULT_PHONE_KIND.equals(kind)) {
                put(v, "phone", p.path("phone_number"));
            }
        }
        for (JsonNode a : resource.path("street_addresses")) {
            String kind = a.path("kind").asText("home");
            ADDRESS_PARTS.forEach((part, field) -> {
                put(v, kind + "_" + field, a.path(part));
                if (DEFAULT_ADDRESS_KIND.equals(kind)) {
                    put(v, field, a.path(part));
                }
            });
        }
        for (JsonNode cf : resource.path("custom_fields")) {
            String name = customFieldName.apply(cf.path("custom_field_id").asText());
            if (name != null) {
                put(v, Vocabulary.CUSTOM_FIELD_PREFIX + name, cf.path("value"));
            }
        }
        List<String> lists = new ArrayList<>();
        resource.path("list_memberships").forEach(l -> lists.add(l.asText()));
        if (!lists.isEmpty()) {
            Collections.sort(lists);
            v.put(Vocabulary.LIST_IDS, String.join(",", lists));
        }
        boolean deleted = resource.hasNonNull("deleted_at");
        return new CtctContact(resource.path("contact_id").asText(), v, instant(resource.path("updated_at")), deleted);
    }

    /** True when the resource names a custom field id this cache does not know (a refresh is due). */
    public static boolean hasUnknownCustomField(JsonNode resource, Function<String, String> customFieldName) {
        for (JsonNode cf : resource.path("custom_fields")) {
            if (customFieldName.apply(cf.path("custom_field_id").asText()) == null) {
                return true;
            }
        }
        return false;
    }

    static Instant instant(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank()) {
            return null;
        }
        return OffsetDateTime.parse(n.asText()).toInstant();
    }

    private static void put(Map<String, String> v, String field, JsonNode n) {
        if (n != null && !n.isMissingNode() && !n.isNull() && !n.asText().isEmpty()) {
            v.put(field, n.asText());
        }
    }
}
