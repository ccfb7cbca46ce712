package io.contactsync.constantcontact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Resource-shaped bodies of {@code POST /contacts} ({@code ContactPostRequest}) and {@code PUT /contacts/{id}}
 * ({@code ContactPutRequest}) built from the shared vocabulary: the inverse of {@link ContactResourceReader}, so
 * that a contact created here reads back under the same names as one a JSON import created (the import's
 * unprefixed address fields and {@code phone} are kind {@code home}, see docs/sandbox.md).
 *
 * <p>Only rows the resource can hold exactly are {@link #creatable creatable}: {@code street2} (the import's second
 * street line), {@code sms_*} and two spellings of one home field with different values have no faithful resource
 * form, so such a row stays with the import.
 */
public final class ContactBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> CORE_TEXT = List.of("first_name", "last_name", "job_title", "company_name", "anniversary");
    private static final Map<String, String> PHONE_KIND = Map.of(
            "phone", "home", "home_phone", "home", "work_phone", "work", "mobile_phone", "mobile", "other_phone", "other");
    private static final Map<String, String> ADDRESS_PART = Map.of(
            "street", "street", "city", "city", "state", "state", "zip", "postal_code", "country", "country");
    private static final List<String> ADDRESS_KINDS = List.of("home", "work", "other");
    private static final Set<String> BIRTHDAY = Set.of("birthday_month", "birthday_day");
    private static final Set<String> NOT_CREATABLE = Set.of("sms_number", "sms_consent_date", "street2",
            "home_street2", "work_street2", "other_street2");

    private ContactBodies() {
    }

    /**
     * True when one {@code POST /contacts} can carry every field of this import row exactly (the e-mail, core
     * fields, phones, addresses, custom fields); false sends the row through the JSON import instead.
     */
    public static boolean creatable(Map<String, String> row) {
        for (String key : row.keySet()) {
            boolean known = Vocabulary.EMAIL.equals(key) || CORE_TEXT.contains(key) || BIRTHDAY.contains(key)
                    || PHONE_KIND.containsKey(key) || addressField(key) != null || Vocabulary.isCustomField(key);
            if (!known || NOT_CREATABLE.contains(key)) {
                return false;
            }
        }
        if (conflicting(row, "phone", "home_phone")) {
            return false;
        }
        for (String part : ADDRESS_PART.keySet()) {
            if (conflicting(row, part, "home_" + part)) {
                return false;
            }
        }
        return integer(row.get("birthday_month")) && integer(row.get("birthday_day"));
    }

    /**
     * {@code ContactPostRequest} of a new contact that is unsubscribed from the start ({@code create_source:
     * Account}: the account, not the person, added it). The spec's {@code EmailAddressPost} has no
     * {@code opt_out_reason}, so none is sent.
     *
     * @param row           a {@link #creatable creatable} import row, with {@code email}
     * @param customFieldId a custom field's {@code name} to its id, or null when the account has no such field
     */
    static ObjectNode unsubscribedPost(Map<String, String> row, List<String> listIds, Function<String, String> customFieldId) {
        ObjectNode body = NODES.objectNode();
        body.putObject("email_address").put("address", row.get(Vocabulary.EMAIL))
                .put("permission_to_send", Vocabulary.UNSUBSCRIBED);
        core(body, row);
        Map<String, ObjectNode> phones = new LinkedHashMap<>();
        Map<String, ObjectNode> addresses = new LinkedHashMap<>();
        List<ObjectNode> customFields = new ArrayList<>();
        for (Map.Entry<String, String> e : row.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (PHONE_KIND.containsKey(key)) {
                String kind = PHONE_KIND.get(key);
                phones.computeIfAbsent(kind, k -> NODES.objectNode().put("kind", k)).put("phone_number", value);
            } else if (addressField(key) != null) {
                String[] kindAndPart = addressField(key);
                addresses.computeIfAbsent(kindAndPart[0], k -> NODES.objectNode().put("kind", k))
                        .put(ADDRESS_PART.get(kindAndPart[1]), value);
            } else if (Vocabulary.isCustomField(key)) {
                String name = Vocabulary.customFieldName(key);
                String id = customFieldId.apply(name);
                if (id == null) {
                    throw new IllegalArgumentException("custom field " + key + " does not exist in Constant Contact");
                }
                customFields.add(NODES.objectNode().put("custom_field_id", id).put("value", value));
            }
        }
        putArray(body, "phone_numbers", phones.values());
        putArray(body, "street_addresses", addresses.values());
        putArray(body, "custom_fields", customFields);
        if (!listIds.isEmpty()) {
            ArrayNode lists = body.putArray("list_memberships");
            listIds.forEach(lists::add);
        }
        body.put("create_source", "Account");
        return body;
    }

    /**
     * {@code ContactPutRequest} that unsubscribes a contact the engine holds whole (read moments ago with every
     * core field): a PUT replaces the core fields, so they are sent back as read; subresources are left out, so they
     * stay. {@code update_source: Account}: the CRM, not the person, asked for it.
     */
    static ObjectNode unsubscribePut(CtctContact current, String reason) {
        ObjectNode body = NODES.objectNode();
        ObjectNode email = body.putObject("email_address");
        email.put("address", current.email());
        email.put("permission_to_send", Vocabulary.UNSUBSCRIBED);
        email.put("opt_out_reason", reason);
        core(body, current.vocabulary());
        body.put("update_source", "Account");
        return body;
    }

    private static void core(ObjectNode body, Map<String, String> fields) {
        for (String f : CORE_TEXT) {
            String v = fields.get(f);
            if (v != null && !v.isEmpty()) {
                body.put(f, v);
            }
        }
        String month = fields.get("birthday_month");
        String day = fields.get("birthday_day");
        if (month != null && !month.isBlank() && day != null && !day.isBlank()) {
            body.put("birthday_month", Integer.parseInt(month.trim()));
            body.put("birthday_day", Integer.parseInt(day.trim()));
        }
    }

    private static void putArray(ObjectNode body, String field, Iterable<ObjectNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        if (!array.isEmpty()) {
            body.set(field, array);
        }
    }

    /** {kind, part} of an address key ({@code city} → home, {@code work_zip} → work), or null. */
    private static String[] addressField(String key) {
        if (ADDRESS_PART.containsKey(key)) {
            return new String[] {"home", key};
        }
        for (String kind : ADDRESS_KINDS) {
            String prefix = kind + "_";
            if (key.startsWith(prefix) && ADDRESS_PART.containsKey(key.substring(prefix.length()))) {
                return new String[] {kind, key.substring(prefix.length())};
            }
        }
        return null;
    }

    private static boolean conflicting(Map<String, String> row, String a, String b) {
        String x = row.getOrDefault(a, "");
        String y = row.getOrDefault(b, "");
        return !x.isEmpty() && !y.isEmpty() && !x.equals(y);
    }

    private static boolean integer(String v) {
        if (v == null || v.isBlank()) {
            return true;
        }
        try {
            Integer.parseInt(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
