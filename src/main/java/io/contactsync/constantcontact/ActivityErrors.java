package io.contactsync.constantcontact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties an import activity's {@code activity_errors} to its rows. Constant Contact words a row error with the row's
 * e-mail or its number ({@code row #3}, counted from 1); an error that names neither stays unattributed. Pure.
 */
public final class ActivityErrors {

    private static final Pattern ROW = Pattern.compile("(?i)row\\s*#?\\s*(\\d+)");

    /**
     * @param byRow        error per row index (0-based, in the order the rows were sent)
     * @param unattributed errors that name no row of this import
     */
    public record Attribution(Map<Integer, String> byRow, List<String> unattributed) {
        public Attribution {
            byRow = Map.copyOf(byRow);
            unattributed = List.copyOf(unattributed);
        }
    }

    private ActivityErrors() {
    }

    /** @param emails the import's rows' e-mails, in row order; the first error naming a row wins */
    public static Attribution attribute(List<String> errors, List<String> emails) {
        Map<String, Integer> rowByEmail = new HashMap<>();
        for (int i = 0; i < emails.size(); i++) {
            rowByEmail.putIfAbsent(emails.get(i).toLowerCase(Locale.ROOT), i);
        }
        Map<Integer, String> byRow = new LinkedHashMap<>();
        List<String> left = new ArrayList<>();
        for (String error : errors) {
            Integer row = rowNamedByEmail(error.toLowerCase(Locale.ROOT), rowByEmail);
            Matcher m = ROW.matcher(error);
            if (row == null && m.find()) {
                int n = Integer.parseInt(m.group(1));
                row = n >= 1 && n <= emails.size() ? n - 1 : null;
            }
            if (row == null) {
                left.add(error);
            } else {
                byRow.putIfAbsent(row, error);
            }
        }
        return new Attribution(byRow, left);
    }

    private static Integer rowNamedByEmail(String lowerError, Map<String, Integer> rowByEmail) {
        for (Map.Entry<String, Integer> e : rowByEmail.entrySet()) {
            if (lowerError.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
