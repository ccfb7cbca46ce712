package io.contactsync.mapping;

import java.util.Locale;

/**
 * {@code phone}: cleans a phone number towards Constant Contact. Keeps the digits and a leading {@code +}; every run
 * of separators or other characters between digits becomes one {@code -}; an extension ({@code x}, {@code ext},
 * {@code #}) is kept as {@code " x<digits>"}. A value without digits becomes {@code ""}. The result is capped to
 * Constant Contact's 25 characters (first by dropping separators, then by cutting). Cleaning is idempotent.
 * Identity towards the CRM.
 */
enum PhoneTransform implements ValueTransform {
    INSTANCE;

    /** {@code ContactResource.phone_numbers[].phone_number} maxLength. */
    static final int MAX_LENGTH = 25;

    @Override
    public String toCtct(String value) {
        String text = value.strip();
        int extensionAt = extensionStart(text);
        String number = groups(extensionAt < 0 ? text : text.substring(0, extensionAt));
        if (number.isEmpty() || number.equals("+")) {
            return "";
        }
        String extension = extensionAt < 0 ? "" : digitsOf(text.substring(extensionAt));
        String cleaned = extension.isEmpty() ? number : number + " x" + extension;
        if (cleaned.length() <= MAX_LENGTH) {
            return cleaned;
        }
        String compact = (number.startsWith("+") ? "+" : "") + digitsOf(number)
                + (extension.isEmpty() ? "" : " x" + extension);
        // A cut must not leave a dangling " x": the result has to clean to itself.
        return compact.length() <= MAX_LENGTH ? compact : compact.substring(0, MAX_LENGTH).replaceAll("[ x]+$", "");
    }

    private static String groups(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSeparator = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (pendingSeparator && out.length() > 0 && out.charAt(out.length() - 1) != '+') {
                    out.append('-');
                }
                out.append(c);
                pendingSeparator = false;
            } else if (c == '+' && out.length() == 0) {
                out.append('+');
            } else {
                pendingSeparator = true;
            }
        }
        return out.toString();
    }

    /** Index of an extension marker that follows at least one digit and is followed by a digit, or -1. */
    private static int extensionStart(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean seenDigit = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
            } else if (seenDigit && (c == 'x' || c == '#' || lower.startsWith("ext", i))
                    && !digitsOf(lower.substring(i)).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static String digitsOf(String text) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
