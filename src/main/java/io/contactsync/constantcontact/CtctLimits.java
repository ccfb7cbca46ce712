package io.contactsync.constantcontact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Constant Contact's documented limits that shape the engine's requests (see {@code CONTACT-SYNC-API.md}):
 * the only place outside the client that may know them is a planner checking a record before it is sent.
 */
public final class CtctLimits {

    /** {@code contact_delete} and {@code remove_list_memberships} take at most this many contact ids each. */
    public static final int IDS_PER_ACTIVITY = 500;
    /** The JSON import refuses an {@code email} longer than this. */
    public static final int MAX_IMPORT_EMAIL_LENGTH = 50;
    /** {@code GET /contacts} returns at most this many contacts per page. */
    public static final int MAX_CONTACTS_PER_PAGE = 500;
    /** Activities per {@code GET /activities} page. */
    public static final int MAX_ACTIVITIES_PER_PAGE = 500;

    /** Lists a contact may be in, and list ids one import takes. */
    public static final int MAX_LISTS = 50;
    /** Custom fields one contact may have; each value at most {@link #MAX_CUSTOM_FIELD_VALUE} characters. */
    public static final int MAX_CUSTOM_FIELDS = 25;
    public static final int MAX_CUSTOM_FIELD_VALUE = 255;

    /** The spec's maxLength of the import fields that have one (ContactResource, StreetAddress, PhoneNumber). */
    private static final Map<String, Integer> MAX_LENGTH = maxLengths();

    private CtctLimits() {
    }

    private static Map<String, Integer> maxLengths() {
        Map<String, Integer> m = new HashMap<>();
        for (String f : List.of("first_name", "last_name", "job_title", "company_name")) {
            m.put(f, 50);
        }
        m.put("email", MAX_IMPORT_EMAIL_LENGTH);
        m.put("anniversary", 10);
        for (String f : List.of("phone", "home_phone", "work_phone", "mobile_phone", "other_phone")) {
            m.put(f, 25);
        }
        for (String prefix : List.of("", "home_", "work_", "other_")) {
            m.put(prefix + "street", 255);
            m.put(prefix + "street2", 255);
            for (String f : List.of("city", "state", "zip", "country")) {
                m.put(prefix + f, 50);
            }
        }
        return Map.copyOf(m);
    }

    /** The most characters Constant Contact takes for this vocabulary field, or empty when it sets no limit. */
    public static Optional<Integer> maxLength(String field) {
        if (field.startsWith("cf:")) {
            return Optional.of(MAX_CUSTOM_FIELD_VALUE);
        }
        return Optional.ofNullable(MAX_LENGTH.get(field));
    }

    /**
     * Every documented limit the contact's values break, each naming the field and the rule (never the value): a
     * record that breaks one would get the whole import refused.
     *
     * @param vocabulary the fields that would be sent
     */
    public static List<String> violations(Map<String, String> vocabulary, List<String> listIds) {
        List<String> out = new ArrayList<>();
        int customFields = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(vocabulary).entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            if (value.isEmpty()) {
                continue;
            }
            if (e.getKey().startsWith("cf:")) {
                customFields++;
            }
            int max = maxLength(e.getKey()).orElse(Integer.MAX_VALUE);
            if (value.codePointCount(0, value.length()) > max) {
                out.add(e.getKey() + " longer than " + max + " characters (Constant Contact's limit; a truncate transform in the mapping keeps it)");
            }
        }
        dayOrMonth(vocabulary, "birthday_month", 12, out);
        dayOrMonth(vocabulary, "birthday_day", 31, out);
        boolean month = !vocabulary.getOrDefault("birthday_month", "").isEmpty();
        boolean day = !vocabulary.getOrDefault("birthday_day", "").isEmpty();
        if (month != day) {
            out.add("birthday_month and birthday_day must come together (Constant Contact's rule)");
        }
        if (customFields > MAX_CUSTOM_FIELDS) {
            out.add(customFields + " custom fields (Constant Contact keeps at most " + MAX_CUSTOM_FIELDS + " per contact)");
        }
        if (listIds.size() > MAX_LISTS) {
            out.add(listIds.size() + " lists (Constant Contact keeps at most " + MAX_LISTS + " per contact)");
        }
        return out;
    }

    private static void dayOrMonth(Map<String, String> vocabulary, String field, int max, List<String> out) {
        String v = vocabulary.getOrDefault(field, "");
        if (v.isEmpty()) {
            return;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > max) {
                out.add(field + " outside 1-" + max);
            }
        } catch (NumberFormatException e) {
            out.add(field + " is not a number");
        }
    }

    /** Splits a list into consecutive chunks that one bulk activity accepts. */
    public static <T> List<List<T>> activityChunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += IDS_PER_ACTIVITY) {
            chunks.add(List.copyOf(items.subList(i, Math.min(items.size(), i + IDS_PER_ACTIVITY))));
        }
        return chunks;
    }
}
