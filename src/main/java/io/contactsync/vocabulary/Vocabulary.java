package io.contactsync.vocabulary;

import java.util.Set;

/**
 * The shared field vocabulary: Constant Contact's JSON import field names, {@code cf:<custom field name>},
 * and a few read-only facts the engine needs. Both directions speak it; a mapping only ever pairs CRM
 * fields with these names. A contact in the vocabulary is a {@code Map<String, String>}; multi-valued
 * facts ({@link #LIST_IDS}, {@link #TAGS}) are sorted, comma-joined ids.
 */
public final class Vocabulary {

    public static final String EMAIL = "email";
    public static final String CONTACT_ID = "contact_id";
    public static final String UPDATED_AT = "updated_at";
    public static final String PERMISSION_TO_SEND = "permission_to_send";
    public static final String STATUS = "status";
    public static final String LIST_IDS = "list_ids";
    public static final String TAGS = "tags";
    public static final String CUSTOM_FIELD_PREFIX = "cf:";
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** Max custom fields per contact (spec: ContactResource.custom_fields maxItems). */
    public static final int MAX_CUSTOM_FIELDS = 25;

    /** Fields a JSON import row accepts (ContactsJsonImport.import_data items), besides {@code cf:*}. */
    public static final Set<String> IMPORT_FIELDS = Set.of(
            "email", "first_name", "last_name", "job_title", "company_name",
            "birthday_month", "birthday_day", "anniversary",
            "phone", "home_phone", "work_phone", "mobile_phone", "other_phone",
            "street", "street2", "city", "state", "zip", "country",
            "home_street", "home_street2", "home_city", "home_state", "home_zip", "home_country",
            "work_street", "work_street2", "work_city", "work_state", "work_zip", "work_country",
            "other_street", "other_street2", "other_city", "other_state", "other_zip", "other_country",
            "sms_number", "sms_consent_date");

    /** Facts the engine reads or writes through other calls than the import (consent, ids, lists). */
    public static final Set<String> ENGINE_FIELDS = Set.of(
            CONTACT_ID, UPDATED_AT, PERMISSION_TO_SEND, STATUS, LIST_IDS, TAGS);

    private Vocabulary() {
    }

    /** True when {@code name} is an import field, an engine fact, or a {@code cf:<name>} custom field. */
    public static boolean isKnown(String name) {
        return name != null && (IMPORT_FIELDS.contains(name) || ENGINE_FIELDS.contains(name) || isCustomField(name));
    }

    public static boolean isCustomField(String name) {
        return name != null && name.startsWith(CUSTOM_FIELD_PREFIX) && name.length() > CUSTOM_FIELD_PREFIX.length();
    }

    /** The custom field's {@code name} (as used in {@code cf:<name>}), or null when not a custom field. */
    public static String customFieldName(String name) {
        return isCustomField(name) ? name.substring(CUSTOM_FIELD_PREFIX.length()) : null;
    }
}
