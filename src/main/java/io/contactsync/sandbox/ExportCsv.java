package io.contactsync.sandbox;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the CSV of a contact export. Column names are the export {@code fields} names; custom fields are exported as
 * {@code cf:<name>} columns when {@code custom_fields} is requested (or by default). The {@code email_optin_*} and
 * {@code email_optout_*} columns need {@code email_address}, as the spec says; they are ignored without it.
 */
final class ExportCsv {
    static final List<String> DEFAULT_FIELDS = List.of("contact_id", "email_address", "first_name", "last_name",
            "job_title", "company_name", "permission_to_send", "email_optin_source", "email_optin_date",
            "email_optout_source", "email_optout_date", "email_optout_reason", "created_at", "updated_at",
            "list_memberships", "custom_fields");

    private static final Map<String, Function<Contact, Object>> COLUMNS = Map.ofEntries(
            Map.entry("contact_id", c -> c.contactId),
            Map.entry("email_address", c -> c.email),
            Map.entry("first_name", c -> c.firstName),
            Map.entry("last_name", c -> c.lastName),
            Map.entry("job_title", c -> c.jobTitle),
            Map.entry("company_name", c -> c.companyName),
            Map.entry("birthday_month", c -> c.birthdayMonth),
            Map.entry("birthday_day", c -> c.birthdayDay),
            Map.entry("anniversary", c -> c.anniversary),
            Map.entry("permission_to_send", c -> c.permissionToSend),
            Map.entry("email_optin_source", c -> c.optInSource),
            Map.entry("email_optin_date", c -> SandboxJson.time(c.optInDate)),
            Map.entry("email_optout_source", c -> c.optOutSource),
            Map.entry("email_optout_date", c -> SandboxJson.time(c.optOutDate)),
            Map.entry("email_optout_reason", c -> c.optOutReason),
            Map.entry("created_at", c -> SandboxJson.time(c.createdAt)),
            Map.entry("updated_at", c -> SandboxJson.time(c.updatedAt)),
            Map.entry("deleted_at", c -> SandboxJson.date(c.deletedAt)),
            Map.entry("list_memberships", c -> String.join(",", c.lists)),
            Map.entry("taggings", c -> String.join(",", c.taggings)),
            Map.entry("phone_numbers", c -> String.join(",", c.phones.stream().map(p -> p.kind + ":" + p.number).toList())));

    private ExportCsv() {
    }

    /** Checks requested fields before the activity is accepted; throws {@link ApiError} for an unknown one. */
    static void checkFields(Iterable<String> fields) {
        for (String f : fields) {
            if (!COLUMNS.containsKey(f) && !f.equals("custom_fields")) {
                throw ApiError.badRequest("unknown export field " + f + "; known: " + COLUMNS.keySet() + " and custom_fields");
            }
        }
    }

    /** Writes the header and one row per contact to {@code out}; returns the number of rows. */
    static int write(Iterator<Contact> contacts, List<String> requested, Collection<CustomField> customFields,
                     Appendable out) throws IOException {
        List<String> fields = new ArrayList<>(requested.isEmpty() ? DEFAULT_FIELDS : requested);
        if (!fields.contains("email_address")) {
            fields.removeIf(f -> f.startsWith("email_opt"));
        }
        List<String> header = new ArrayList<>();
        for (String f : fields) {
            if (f.equals("custom_fields")) {
                customFields.forEach(cf -> header.add("cf:" + cf.name));
            } else {
                header.add(f);
            }
        }
        int rows = 0;
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get());
        List<Object> row = new ArrayList<>();
        while (contacts.hasNext()) {
            Contact c = contacts.next();
            row.clear();
            for (String f : fields) {
                if (f.equals("custom_fields")) {
                    customFields.forEach(cf -> row.add(c.customFields.get(cf.customFieldId)));
                } else {
                    row.add(COLUMNS.get(f).apply(c));
                }
            }
            csv.printRecord(row);
            rows++;
        }
        csv.flush();
        return rows;
    }

    /** The whole CSV as a string (small exports; tests). */
    static String write(Collection<Contact> contacts, List<String> requested, Collection<CustomField> customFields) {
        StringBuilder out = new StringBuilder();
        try {
            write(contacts.iterator(), requested, customFields, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
