package io.contactsync.crm.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.Set;

/**
 * Converts between the values of {@code CrmRecord} (String, Boolean, Long, BigDecimal, Double, Instant, ISO date
 * strings) and JDBC. Writing is two steps: {@link #convert} turns any accepted input into the value the column will
 * hold, exactly as a later read returns it, and {@link #bind} hands that value to JDBC. Timestamps without a time
 * zone are taken as UTC.
 */
final class SqlValues {

    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1", "on");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "0", "off");

    private SqlValues() {
    }

    /** Reads column {@code index} of the current row in the representation of {@code column.kind()}. */
    static Object read(ResultSet rs, int index, SqlColumn column) throws SQLException {
        Object value = switch (column.kind()) {
            case STRING, OTHER -> rs.getString(index);
            case BOOLEAN -> rs.getBoolean(index);
            case INTEGER -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> rs.getDouble(index);
            case TIMESTAMP_TZ -> {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                yield t == null ? null : t.toInstant(ZoneOffset.UTC);
            }
            case DATE -> {
                LocalDate d = rs.getObject(index, LocalDate.class);
                yield d == null ? null : d.toString();
            }
        };
        return rs.wasNull() ? null : value;
    }

    /**
     * The value {@code column} will hold for {@code input}. Blank strings become NULL in non-text columns.
     *
     * @throws IllegalArgumentException with a reason when the value does not fit the column
     */
    static Object convert(Object input, SqlColumn column) {
        if (input == null) {
            return null;
        }
        if (input instanceof CharSequence cs && column.kind() != SqlColumn.Kind.STRING && cs.toString().isBlank()) {
            return null;
        }
        return switch (column.kind()) {
            case STRING -> toText(input, column);
            case BOOLEAN -> toBoolean(input);
            case INTEGER -> toInteger(input, column);
            case DECIMAL -> toDecimal(input, column);
            case DOUBLE -> input instanceof Number n ? Double.valueOf(n.doubleValue()) : parseDouble(input);
            case TIMESTAMP_TZ, TIMESTAMP -> column.truncate(toInstant(input));
            case DATE -> toDate(input);
            case OTHER -> input;
        };
    }

    /** Binds a value returned by {@link #convert} (or null). */
    static void bind(PreparedStatement ps, int index, SqlColumn column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, column.kind() == SqlColumn.Kind.OTHER ? Types.NULL : column.jdbcType());
            return;
        }
        switch (column.kind()) {
            case STRING -> ps.setString(index, (String) value);
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case INTEGER -> ps.setLong(index, (Long) value);
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
            case DOUBLE -> ps.setDouble(index, (Double) value);
            case TIMESTAMP_TZ -> ps.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC));
            case TIMESTAMP -> ps.setObject(index, LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            case DATE -> ps.setObject(index, LocalDate.parse((String) value));
            case OTHER -> ps.setObject(index, value);
        }
    }

    /** A flag column's value as a boolean: NULL, false, 0 and "false"-like strings are false. */
    static boolean isSet(Object value) {
        if (value == null) {
            return false;
        }
        Boolean b = toBoolean(value);
        return b != null && b;
    }

    private static String toText(Object input, SqlColumn column) {
        String text;
        if (input instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (input instanceof CharSequence || input instanceof Number || input instanceof Boolean
                || input instanceof Instant || input instanceof LocalDate || input instanceof Character) {
            text = input.toString();
        } else {
            throw unsupported(input);
        }
        int max = column.precision();
        if (max > 0 && text.codePointCount(0, text.length()) > max) {
            throw new IllegalArgumentException("is " + text.codePointCount(0, text.length())
                    + " characters long; the column holds at most " + max);
        }
        return text;
    }

    private static Boolean toBoolean(Object input) {
        if (input instanceof Boolean b) {
            return b;
        }
        if (input instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (input instanceof CharSequence cs) {
            String s = cs.toString().trim().toLowerCase(Locale.ROOT);
            if (TRUE.contains(s)) {
                return true;
            }
            if (FALSE.contains(s)) {
                return false;
            }
        }
        throw new IllegalArgumentException("is not a boolean (expected true/false, yes/no, 1/0)");
    }

    private static Long toInteger(Object input, SqlColumn column) {
        BigDecimal exact;
        try {
            exact = input instanceof Boolean b ? BigDecimal.valueOf(b ? 1 : 0) : toBigDecimal(input);
            BigInteger whole = exact.toBigIntegerExact();
            long max = switch (column.jdbcType()) {
                case Types.TINYINT -> Byte.MAX_VALUE;
                case Types.SMALLINT -> Short.MAX_VALUE;
                case Types.INTEGER -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            long value = whole.longValueExact();
            if (value > max || value < -max - 1) {
                throw new IllegalArgumentException("is out of range for " + column.typeName());
            }
            return value;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is not a whole number in range of " + column.typeName());
        }
    }

    private static BigDecimal toDecimal(Object input, SqlColumn column) {
        BigDecimal value = toBigDecimal(input);
        if (column.precision() <= 0) {
            return value; // unconstrained NUMERIC
        }
        int scale = Math.max(column.scale(), 0);
        if (value.scale() > scale) {
            value = value.stripTrailingZeros();
            if (value.scale() > scale) {
                throw new IllegalArgumentException("has more than " + scale + " decimal places");
            }
        }
        value = value.setScale(scale);
        if (value.precision() - value.scale() > column.precision() - scale) {
            throw new IllegalArgumentException("has too many digits for " + column.typeName() + "("
                    + column.precision() + "," + scale + ")");
        }
        return value;
    }

    private static BigDecimal toBigDecimal(Object input) {
        if (input instanceof BigDecimal d) {
            return d;
        }
        if (input instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (input instanceof Long || input instanceof Integer || input instanceof Short || input instanceof Byte) {
            return BigDecimal.valueOf(((Number) input).longValue());
        }
        if (input instanceof Number n) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        if (input instanceof CharSequence cs) {
            try {
                return new BigDecimal(cs.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number");
            }
        }
        throw unsupported(input);
    }

    private static Double parseDouble(Object input) {
        if (input instanceof CharSequence cs) {
            try {
                return Double.valueOf(cs.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number");
            }
        }
        throw unsupported(input);
    }

    private static Instant toInstant(Object input) {
        if (input instanceof Instant i) {
            return i;
        }
        if (input instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (input instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (input instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (input instanceof Date d) {
            return d.toInstant();
        }
        if (input instanceof CharSequence cs) {
            String s = cs.toString().trim();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException("is not an ISO-8601 timestamp (e.g. 2024-05-01T12:30:00Z)");
                }
            }
        }
        throw unsupported(input);
    }

    private static String toDate(Object input) {
        if (input instanceof LocalDate d) {
            return d.toString();
        }
        if (input instanceof CharSequence cs) {
            try {
                return LocalDate.parse(cs.toString().trim()).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not an ISO-8601 date (e.g. 2024-05-01)");
            }
        }
        throw unsupported(input);
    }

    private static IllegalArgumentException unsupported(Object input) {
        return new IllegalArgumentException("has unsupported Java type " + input.getClass().getName());
    }
}
