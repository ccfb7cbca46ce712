package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies a contact in the JSON import's flat vocabulary ({@code first_name}, {@code home_phone}, {@code work_city},
 * {@code cf:<name>}, …) to a stored contact, changing only the properties present; an empty string clears one.
 * Mapping: {@code phone}/{@code home_phone} → phone kind home, {@code work_phone} → work, {@code mobile_phone} →
 * mobile, {@code other_phone} → other; unprefixed and {@code home_} address keys → address kind home, {@code work_},
 * {@code other_} likewise; {@code zip} → {@code postal_code}; {@code street2} is the second line of {@code street}
 * (joined by a newline). Called with the {@link Account} lock held.
 */
final class FlatFields {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Map<String, String> PHONES = Map.of("phone", "home", "home_phone", "home",
            "work_phone", "work", "mobile_phone", "mobile", "other_phone", "other");
    private static final Set<String> ADDRESS_PARTS = Set.of("street", "street2", "city", "state", "zip", "country");
    private static final Set<String> IGNORED = Set.of("email", "sms_number", "sms_consent_date");

    private FlatFields() {
    }

    static boolean validEmail(String email) {
        return email != null && email.length() <= 80 && EMAIL.matcher(email).matches();
    }

    /**
     * Checks a row without changing anything: unknown keys, unknown custom fields and the per-contact limits
     * (3 phones, 3 addresses, 25 custom fields) counted on the merged result. Returns a problem or null.
     */
    static String check(Account account, Contact existing, JsonNode row) {
        Set<String> phoneKinds = new HashSet<>();
        Set<String> addressKinds = new HashSet<>();
        Set<String> fieldIds = new HashSet<>();
        if (existing != null) {
            existing.phones.forEach(p -> phoneKinds.add(p.kind));
            existing.addresses.forEach(a -> addressKinds.add(a.kind));
            fieldIds.addAll(existing.customFields.keySet());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            boolean clear = e.getValue().asText().isEmpty();
            if (key.startsWith("cf:")) {
                CustomField f = fieldByName(account, key.substring(3));
                if (f == null) {
                    return "unknown custom field " + key;
                }
                toggle(fieldIds, f.customFieldId, clear);
            } else if (PHONES.containsKey(key)) {
                toggle(phoneKinds, PHONES.get(key), clear);
            } else if (addressKind(key) != null) {
                if (!clear) {
                    addressKinds.add(addressKind(key));
                }
            } else if (!IGNORED.contains(key) && !Set.of("first_name", "last_name", "job_title", "company_name",
                    "birthday_month", "birthday_day", "anniversary").contains(key)) {
                return "unknown field " + key;
            }
        }
        if (fieldIds.size() > 25) {
            return "more than 25 custom fields";
        }
        if (phoneKinds.size() > 3) {
            return "more than 3 phone numbers";
        }
        return addressKinds.size() > 3 ? "more than 3 street addresses" : null;
    }

    /** Applies the row (already {@link #check checked}); returns whether anything changed. */
    static boolean apply(Account account, Contact c, JsonNode row, String source, Instant now) {
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String value = e.getValue().isNull() || e.getValue().asText().isEmpty() ? null : e.getValue().asText();
            changed |= switch (key) {
                case "first_name" -> !Objects.equals(c.firstName, c.firstName = value);
                case "last_name" -> !Objects.equals(c.lastName, c.lastName = value);
                case "job_title" -> !Objects.equals(c.jobTitle, c.jobTitle = value);
                case "company_name" -> !Objects.equals(c.companyName, c.companyName = value);
                case "anniversary" -> !Objects.equals(c.anniversary, c.anniversary = value);
                case "birthday_month" -> !Objects.equals(c.birthdayMonth, c.birthdayMonth = integer(value));
                case "birthday_day" -> !Objects.equals(c.birthdayDay, c.birthdayDay = integer(value));
                default -> applyOther(account, c, key, value, source, now);
            };
        }
        c.addresses.removeIf(Contact.Address::isEmpty);
        return changed;
    }

    private static boolean applyOther(Account account, Contact c, String key, String value, String source, Instant now) {
        if (key.startsWith("cf:")) {
            String id = fieldByName(account, key.substring(3)).customFieldId;
            return value == null ? c.customFields.remove(id) != null : !value.equals(c.customFields.put(id, value));
        }
        if (PHONES.containsKey(key)) {
            return setPhone(c, PHONES.get(key), value, source, now);
        }
        String kind = addressKind(key);
        return kind != null && setAddressPart(c, kind, key.substring(key.indexOf('_') < 0 || !key.startsWith(kind + "_")
                ? 0 : kind.length() + 1), value, now);
    }

    private static boolean setPhone(Contact c, String kind, String value, String source, Instant now) {
        Contact.Phone p = c.phone(kind);
        if (value == null) {
            return p != null && c.phones.remove(p);
        }
        if (p == null) {
            c.phones.add(ContactEdits.newPhone(kind, value, source, now));
            return true;
        }
        if (value.equals(p.number)) {
            return false;
        }
        p.number = value;
        p.updateSource = source;
        p.updatedAt = now;
        return true;
    }

    private static boolean setAddressPart(Contact c, String kind, String part, String value, Instant now) {
        Contact.Address a = c.address(kind);
        if (a == null) {
            if (value == null) {
                return false;
            }
            a = ContactEdits.newAddress(kind, now);
            c.addresses.add(a);
        }
        String before = String.join("|", String.valueOf(a.street), String.valueOf(a.city), String.valueOf(a.state),
                String.valueOf(a.postalCode), String.valueOf(a.country));
        switch (part) {
            case "street" -> a.street = joinLines(value, line(a.street, 1));
            case "street2" -> a.street = joinLines(line(a.street, 0), value);
            case "city" -> a.city = value;
            case "state" -> a.state = value;
            case "zip" -> a.postalCode = value;
            default -> a.country = value;
        }
        String after = String.join("|", String.valueOf(a.street), String.valueOf(a.city), String.valueOf(a.state),
                String.valueOf(a.postalCode), String.valueOf(a.country));
        if (!before.equals(after)) {
            a.updatedAt = now;
            return true;
        }
        return false;
    }

    private static String line(String street, int index) {
        if (street == null) {
            return null;
        }
        String[] lines = street.split("\n", 2);
        return index < lines.length && !lines[index].isEmpty() ? lines[index] : null;
    }

    private static String joinLines(String first, String second) {
        if (second == null) {
            return first;
        }
        return (first == null ? "" : first) + "\n" + second;
    }

    /** home, work or other for an address key ({@code street}, {@code work_city}, …), else null. */
    static String addressKind(String key) {
        if (ADDRESS_PARTS.contains(key)) {
            return "home";
        }
        for (String kind : new String[] {"home", "work", "other"}) {
            if (key.startsWith(kind + "_") && ADDRESS_PARTS.contains(key.substring(kind.length() + 1))) {
                return kind;
            }
        }
        return null;
    }

    static CustomField fieldByName(Account account, String name) {
        return account.fields.values().stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("not a number: " + value);
        }
    }

    private static void toggle(Set<String> set, String value, boolean remove) {
        if (remove) {
            set.remove(value);
        } else {
            set.add(value);
        }
    }
}
