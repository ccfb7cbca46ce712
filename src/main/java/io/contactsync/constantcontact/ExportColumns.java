package io.contactsync.constantcontact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.contactsync.vocabulary.Vocabulary;

/**
 * Which {@code contact_exports} columns carry a set of vocabulary fields, and which fields no column carries
 * faithfully. Pure.
 *
 * <p>A street address is not exportable: Constant Contact documents unprefixed {@code street}, {@code city}, …
 * export columns without saying which of a contact's up to three addresses (home, work, other) they hold, while the
 * vocabulary's {@code city} is the home address's. A phone is exportable through {@code phone_numbers}
 * ({@code kind:number} pairs, comma-joined). Every pass also needs the columns the planner and the links use:
 * the id, the e-mail, the consent, the lists and {@code updated_at}.
 */
final class ExportColumns {

    /** Always exported: identity, consent, lists (a first link snapshots them) and the checkpoint's timestamp. */
    static final List<String> ALWAYS = List.of("contact_id", "email_address", "permission_to_send", "updated_at",
            "list_memberships");
    static final String PHONES = "phone_numbers";
    static final String CUSTOM_FIELDS = "custom_fields";

    private static final Map<String, String> COLUMN_BY_FIELD = Map.ofEntries(
            Map.entry(Vocabulary.EMAIL, "email_address"),
            Map.entry(Vocabulary.PERMISSION_TO_SEND, "permission_to_send"),
            Map.entry(Vocabulary.LIST_IDS, "list_memberships"),
            Map.entry(Vocabulary.CONTACT_ID, "contact_id"),
            Map.entry(Vocabulary.UPDATED_AT, "updated_at"),
            Map.entry("first_name", "first_name"),
            Map.entry("last_name", "last_name"),
            Map.entry("job_title", "job_title"),
            Map.entry("company_name", "company_name"),
            Map.entry("anniversary", "anniversary"),
            Map.entry("birthday_month", "birthday_month"),
            Map.entry("birthday_day", "birthday_day"),
            Map.entry("phone", PHONES),
            Map.entry("home_phone", PHONES),
            Map.entry("work_phone", PHONES),
            Map.entry("mobile_phone", PHONES),
            Map.entry("other_phone", PHONES));

    /**
     * @param fields       the export's {@code fields}, in order
     * @param header       the columns its file must have ({@code cf:<name>} for each custom field read)
     * @param unexportable the vocabulary fields no export column carries faithfully (then the pass pages)
     */
    record Columns(List<String> fields, List<String> header, Set<String> unexportable) {
        Columns {
            fields = List.copyOf(fields);
            header = List.copyOf(header);
            unexportable = Set.copyOf(unexportable);
        }

        boolean exportable() {
            return unexportable.isEmpty();
        }
    }

    private ExportColumns() {
    }

    /** The columns for these vocabulary fields (those a pass maps to the CRM). */
    static Columns of(Collection<String> vocabularyFields) {
        Set<String> fields = new LinkedHashSet<>(ALWAYS);
        Set<String> customFields = new TreeSet<>();
        Set<String> unexportable = new TreeSet<>();
        for (String f : vocabularyFields) {
            if (f.startsWith(Vocabulary.CUSTOM_FIELD_PREFIX)) {
                fields.add(CUSTOM_FIELDS);
                customFields.add(f);
            } else if (COLUMN_BY_FIELD.containsKey(f)) {
                fields.add(COLUMN_BY_FIELD.get(f));
            } else {
                unexportable.add(f);
            }
        }
        List<String> header = new ArrayList<>();
        fields.stream().filter(f -> !f.equals(CUSTOM_FIELDS)).forEach(header::add);
        header.addAll(customFields);
        return new Columns(new ArrayList<>(fields), header, unexportable);
    }
}
