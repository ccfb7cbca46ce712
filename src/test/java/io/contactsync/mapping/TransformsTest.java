package io.contactsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TransformsTest {

    static ValueTransform transform(String name, Object argument) {
        return TransformRegistry.standard().factory(name).orElseThrow().create(argument);
    }

    static Map<String, Object> map(String... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> conversions() {
        Object tiers = map("gold", "Gold", "premium", "Gold", "silver", "Silver");
        Object dates = map("crm", "yyyy-MM-dd", "ctct", "MM/dd/yyyy");
        return Stream.of(
                // name, argument, CRM value, expected towards CTCT, CTCT value, expected towards CRM
                Arguments.of("trim", null, "  Ada  Lovelace \t", "Ada  Lovelace", " x ", "x"),
                Arguments.of("lowercase", null, "Ada@Example.COM", "ada@example.com", "ÄB", "äb"),
                Arguments.of("uppercase", null, "fr", "FR", "de", "DE"),
                Arguments.of("titlecase", null, "jean-luc o'BRIEN", "Jean-Luc O'Brien", "NEW YORK", "New York"),
                Arguments.of("map", tiers, "gold", "Gold", "Gold", "gold"),
                Arguments.of("map", tiers, "premium", "Gold", "Silver", "silver"),
                Arguments.of("map", tiers, "bronze", "bronze", "Platinum", "Platinum"),
                Arguments.of("default", "standard", "", "standard", "", ""),
                Arguments.of("default", "standard", "gold", "gold", "gold", "gold"),
                Arguments.of("date", dates, "2024-02-29", "02/29/2024", "12/31/1999", "1999-12-31"),
                Arguments.of("date", dates, "", "", "", ""),
                Arguments.of("phone", null, "(555) 123-4567", "555-123-4567", "(555) 123-4567", "(555) 123-4567"),
                Arguments.of("phone", null, "+44 (0)20 7946 0958", "+44-0-20-7946-0958", "", ""),
                Arguments.of("phone", null, "555.123.4567 ext. 89", "555-123-4567 x89", "1", "1"),
                Arguments.of("phone", null, "n/a", "", "n/a", "n/a"),
                Arguments.of("phone", null, "+1 (555) 123-4567 / 890-123 x 4567", "+15551234567890123 x4567", "", ""),
                Arguments.of("truncate", "5", "abcdefg", "abcde", "abcdefg", "abcdefg"),
                Arguments.of("truncate", "5", "abc", "abc", "abc", "abc"),
                Arguments.of("truncate", "5", "abcd\uD83D\uDE00", "abcd", "", ""),
                Arguments.of("opt-out-flag", null, "true", "unsubscribed", "unsubscribed", "true"),
                Arguments.of("opt-out-flag", null, "false", "", "implicit", "false"),
                Arguments.of("opt-out-flag", null, "", "", "", "false"),
                Arguments.of("opt-out-flag", null, " YES ", "unsubscribed", "explicit", "false"));
    }

    @ParameterizedTest(name = "{0} {1}: {2} -> {3}; {4} -> {5}")
    @MethodSource("conversions")
    void should_convert_both_ways_when_transform_applies(String name, Object argument, String crm,
                                                        String expectedCtct, String ctct, String expectedCrm) {
        ValueTransform transform = transform(name, argument);

        assertThat(transform.toCtct(crm)).isEqualTo(expectedCtct);
        assertThat(transform.toCrm(ctct)).isEqualTo(expectedCrm);
    }

    @ParameterizedTest
    @CsvSource({
            "2023-02-30, not a valid date in the format yyyy-MM-dd",
            "31/12/2023, not a valid date in the format yyyy-MM-dd",
            "yesterday,  not a valid date in the format yyyy-MM-dd"})
    void should_throw_value_error_naming_value_when_date_is_invalid(String value, String reason) {
        ValueTransform date = transform("date", map("crm", "yyyy-MM-dd", "ctct", "MM/dd/yyyy"));

        assertThatThrownBy(() -> date.toCtct(value))
                .isInstanceOf(MappingValueException.class)
                .hasMessageContaining("'" + value + "'")
                .satisfies(e -> assertThat(((MappingValueException) e).reason()).isEqualTo(reason));
    }

    @Test
    void should_throw_value_error_when_ctct_date_is_invalid_towards_crm() {
        ValueTransform date = transform("date", map("crm", "yyyy-MM-dd", "ctct", "MM/dd/yyyy"));

        assertThatThrownBy(() -> date.toCrm("13/01/2024"))
                .isInstanceOf(MappingValueException.class)
                .hasMessageContaining("MM/dd/yyyy");
    }

    @Test
    void should_cap_phone_to_25_characters_when_number_is_long() {
        String cleaned = transform("phone", null).toCtct("+1 555 123 4567 890 123 456 789 012 x 1234");

        assertThat(cleaned).hasSizeLessThanOrEqualTo(PhoneTransform.MAX_LENGTH).startsWith("+1555123456789012345");
        assertThat(transform("phone", null).toCtct(cleaned)).isEqualTo(cleaned);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "truncate | x     | 'truncate' needs a whole number",
            "truncate | 0     | at least 1",
            "default  |       | 'default' needs a non-empty value",
            "map      | gold  | 'map' needs a non-empty mapping"})
    void should_reject_argument_when_it_is_wrong(String name, String argument, String message) {
        assertThatThrownBy(() -> transform(name, argument))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "yyyy-MM    | MM/dd/yyyy | it must hold a year, a month and a day",
            "HH:mm      | MM/dd/yyyy | it must hold a year, a month and a day",
            "yyyy-MM-dd | qqqqqqq    | bad ctct date pattern 'qqqqqqq'",
            "yyyy-MM-dd | {{         | bad ctct date pattern '{{'"})
    void should_reject_date_patterns_when_they_cannot_carry_a_date(String crm, String ctct, String message) {
        assertThatThrownBy(() -> transform("date", map("crm", crm, "ctct", ctct)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void should_reject_argument_when_transform_takes_none() {
        assertThatThrownBy(() -> transform("trim", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'trim' takes no argument");
    }

    @Test
    void should_mark_crm_column_boolean_only_when_transform_is_opt_out_flag() {
        assertThat(transform("opt-out-flag", null).booleanCrmColumn()).isTrue();
        assertThat(transform("trim", null).booleanCrmColumn()).isFalse();
    }
}
