package io.contactsync.crm.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;

/**
 * One column as the database describes it, with the Java representation the connector uses for it.
 *
 * @param name      the name used in SQL (unquoted) and as the field name of {@code CrmRecord}
 * @param kind      how values are read and written
 * @param jdbcType  {@link java.sql.Types} code, used for typed NULLs
 * @param typeName  the database's own type name, for messages
 * @param precision maximum length (strings) or digits (numbers), or fractional-second digits for timestamps
 *                  reported by some drivers; 0 when unknown
 * @param scale     digits after the decimal point (numbers) or fractional-second digits (timestamps)
 */
record SqlColumn(String name, Kind kind, int jdbcType, String typeName, int precision, int scale) {

    /** The value families the connector converts to and from. */
    enum Kind { STRING, BOOLEAN, INTEGER, DECIMAL, DOUBLE, TIMESTAMP_TZ, TIMESTAMP, DATE, OTHER }

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    static SqlColumn describe(ResultSetMetaData md, int index, String name) throws SQLException {
        int type = md.getColumnType(index);
        String typeName = md.getColumnTypeName(index);
        return new SqlColumn(name, kindOf(type, typeName), type, typeName, md.getPrecision(index), md.getScale(index));
    }

    static Kind kindOf(int jdbcType, String typeName) {
        String lower = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> Kind.STRING;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Kind.DOUBLE;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_TZ;
            // PostgreSQL reports timestamptz as TIMESTAMP; only its type name tells them apart.
            case Types.TIMESTAMP -> lower.contains("tz") || lower.contains("with time zone") ? Kind.TIMESTAMP_TZ
                    : Kind.TIMESTAMP;
            case Types.DATE -> Kind.DATE;
            default -> Kind.OTHER;
        };
    }

    /**
     * Cuts an instant to the fractional-second digits of this timestamp column, so that the value the connector
     * returns is exactly the value the database stores (databases round or truncate beyond their precision).
     */
    Instant truncate(Instant instant) {
        int digits = scale >= 0 && scale <= 9 ? scale : 6;
        long step = POWERS_OF_TEN[9 - digits];
        return instant.minusNanos(instant.getNano() % step);
    }

    String describeType() {
        return typeName + (kind == Kind.STRING && precision > 0 && precision < Integer.MAX_VALUE ? "(" + precision + ")" : "");
    }
}
