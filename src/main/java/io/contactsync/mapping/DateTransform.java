package io.contactsync.mapping;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;

/**
 * {@code date: {crm: "yyyy-MM-dd", ctct: "MM/dd/yyyy"}}: re-formats a calendar date both ways
 * ({@link DateTimeFormatter} patterns, parsed strictly: 2023-02-30 is an error, not March 2nd).
 * An empty value stays empty; a value that does not parse raises {@link MappingValueException}.
 */
final class DateTransform implements ValueTransform {

    private static final LocalDate PROBE = LocalDate.of(2001, 12, 31);

    private final String crmPattern;
    private final String ctctPattern;
    private final DateTimeFormatter crm;
    private final DateTimeFormatter ctct;

    private DateTransform(String crmPattern, String ctctPattern) {
        this.crmPattern = crmPattern;
        this.ctctPattern = ctctPattern;
        this.crm = formatter("crm", crmPattern);
        this.ctct = formatter("ctct", ctctPattern);
    }

    static DateTransform of(Object argument) {
        if (!(argument instanceof Map<?, ?> patterns) || !(patterns.get("crm") instanceof String crm)
                || !(patterns.get("ctct") instanceof String ctct) || patterns.size() != 2) {
            throw new IllegalArgumentException(
                    "'date' needs exactly two patterns, e.g. {date: {crm: \"yyyy-MM-dd\", ctct: \"MM/dd/yyyy\"}}");
        }
        return new DateTransform(crm, ctct);
    }

    @Override
    public String toCtct(String value) {
        return convert(value, crm, crmPattern, ctct);
    }

    @Override
    public String toCrm(String value) {
        return convert(value, ctct, ctctPattern, crm);
    }

    private static String convert(String value, DateTimeFormatter from, String fromPattern, DateTimeFormatter to) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            return to.format(LocalDate.parse(value.strip(), from));
        } catch (DateTimeException e) {
            throw new MappingValueException(value, "not a valid date in the format " + fromPattern);
        }
    }

    /** Strict, locale-fixed, and proven at load time to carry a whole date (year, month and day) both ways. */
    private static DateTimeFormatter formatter(String side, String pattern) {
        DateTimeFormatter formatter;
        try {
            // ERA defaulting lets the familiar 'yyyy' (year-of-era) work under STRICT resolution.
            formatter = new DateTimeFormatterBuilder().appendPattern(pattern)
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + side + " date pattern '" + pattern + "': " + e.getMessage());
        }
        try {
            if (PROBE.equals(LocalDate.parse(formatter.format(PROBE), formatter))) {
                return formatter;
            }
        } catch (DateTimeException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("bad " + side + " date pattern '" + pattern
                + "': it must hold a year, a month and a day and nothing else, e.g. yyyy-MM-dd");
    }
}
