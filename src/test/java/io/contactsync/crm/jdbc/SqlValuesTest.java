package io.contactsync.crm.jdbc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlValuesTest {

    private static SqlColumn column(SqlColumn.Kind kind, int jdbcType, int precision, int scale) {
        return new SqlColumn("c", kind, jdbcType, "T", precision, scale);
    }

    private static final SqlColumn BOOL = column(SqlColumn.Kind.BOOLEAN, Types.BOOLEAN, 1, 0);
    private static final SqlColumn INT = column(SqlColumn.Kind.INTEGER, Types.INTEGER, 10, 0);
    private static final SqlColumn MONEY = column(SqlColumn.Kind.DECIMAL, Types.NUMERIC, 6, 2);
    private static final SqlColumn TS = column(SqlColumn.Kind.TIMESTAMP_TZ, Types.TIMESTAMP_WITH_TIMEZONE, 32, 3);
    private static final SqlColumn TEXT = column(SqlColumn.Kind.STRING, Types.VARCHAR, 5, 0);

    @Test
    void should_convert_common_spellings_when_the_column_is_boolean() {
        assertThat(SqlValues.convert("Yes", BOOL)).isEqualTo(true);
        assertThat(SqlValues.convert(" false ", BOOL)).isEqualTo(false);
        assertThat(SqlValues.convert(1, BOOL)).isEqualTo(true);
        assertThat(SqlValues.convert("  ", BOOL)).isNull();
        assertThatThrownBy(() -> SqlValues.convert("maybe", BOOL)).hasMessageContaining("not a boolean");
    }

    @Test
    void should_refuse_fractions_and_overflow_when_the_column_is_integer() {
        assertThat(SqlValues.convert("42", INT)).isEqualTo(42L);
        assertThat(SqlValues.convert(new BigDecimal("7.00"), INT)).isEqualTo(7L);
        assertThatThrownBy(() -> SqlValues.convert("4.5", INT)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SqlValues.convert(3_000_000_000L, INT)).hasMessageContaining("out of range");
    }

    @Test
    void should_keep_the_column_scale_and_refuse_lost_digits_when_the_column_is_numeric() {
        assertThat(SqlValues.convert("12.5", MONEY)).isEqualTo(new BigDecimal("12.50"));
        assertThat(SqlValues.convert("1.230", MONEY)).isEqualTo(new BigDecimal("1.23"));
        assertThatThrownBy(() -> SqlValues.convert("1.234", MONEY)).hasMessageContaining("more than 2 decimal places");
        assertThatThrownBy(() -> SqlValues.convert("12345", MONEY)).hasMessageContaining("too many digits");
    }

    @Test
    void should_parse_iso_strings_to_the_column_precision_when_the_column_is_a_timestamp() {
        assertThat(SqlValues.convert("2024-05-01T12:30:00.123456+02:00", TS))
                .isEqualTo(Instant.parse("2024-05-01T10:30:00.123Z"));
        assertThat(SqlValues.convert("2024-05-01T12:30:00", TS)).isEqualTo(Instant.parse("2024-05-01T12:30:00Z"));
        assertThatThrownBy(() -> SqlValues.convert("01/05/2024", TS)).hasMessageContaining("ISO-8601");
    }

    @Test
    void should_measure_code_points_when_checking_text_length() {
        assertThat(SqlValues.convert("😀😀😀😀😀", TEXT)).isEqualTo("😀😀😀😀😀");
        assertThat(SqlValues.convert(new BigDecimal("1E+3"), TEXT)).isEqualTo("1000");
        assertThatThrownBy(() -> SqlValues.convert("abcdef", TEXT)).hasMessageContaining("6 characters long");
    }

    @Test
    void should_treat_timestamptz_type_names_as_zoned_when_reported_as_timestamp() {
        assertThat(SqlColumn.kindOf(Types.TIMESTAMP, "timestamptz")).isEqualTo(SqlColumn.Kind.TIMESTAMP_TZ);
        assertThat(SqlColumn.kindOf(Types.TIMESTAMP, "timestamp")).isEqualTo(SqlColumn.Kind.TIMESTAMP);
        assertThat(SqlColumn.kindOf(Types.BIT, "bool")).isEqualTo(SqlColumn.Kind.BOOLEAN);
    }
}
