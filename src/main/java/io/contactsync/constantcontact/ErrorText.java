package io.contactsync.constantcontact;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Constant Contact says about a refused record into a reason fit for a dead letter, a log line and
 * {@code status}: the fields and rules it names, never a value (Constant Contact and the sandbox quote the offending
 * value, which is often a name or an e-mail address). Pure.
 */
public final class ErrorText {

    private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>@,;]+@[^\\s\"'<>@,;]+");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
    private static final Pattern FIELD = Pattern.compile("/import_data/\\d+/([A-Za-z_:][A-Za-z0-9_: ]*)");
    private static final Pattern MAX = Pattern.compile("(?i)max(?:imum)?(?: allowed)?(?: length)?\\s*[:=]?\\s*(\\d+)");

    private ErrorText() {
    }

    /** The text with e-mail addresses and quoted strings replaced by {@code …}. */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = QUOTED.matcher(text).replaceAll("…");
        return EMAIL.matcher(out).replaceAll("…");
    }

    /**
     * A refusal of a JSON import body (400) as "field: rule" items, e.g. {@code first_name longer than 50 characters};
     * falls back to the redacted text when no field is named.
     */
    public static String importRefusal(String body) {
        if (body == null || body.isBlank()) {
            return "no reason given";
        }
        Set<String> items = new LinkedHashSet<>();
        for (String part : body.split("\\[Path|\\n")) {
            Matcher f = FIELD.matcher(part);
            if (!f.find()) {
                continue;
            }
            String field = f.group(1).trim();
            Matcher m = MAX.matcher(part);
            String lower = part.toLowerCase(Locale.ROOT);
            if (m.find() && (lower.contains("long") || lower.contains("length"))) {
                items.add(field + " longer than " + m.group(1) + " characters");
            } else if (lower.contains("pattern") || lower.contains("format")) {
                items.add(field + " not in the expected format");
            } else {
                items.add(field + " refused");
            }
        }
        return items.isEmpty() ? redact(body) : String.join("; ", items);
    }
}
