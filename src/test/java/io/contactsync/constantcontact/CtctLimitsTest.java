package io.contactsync.constantcontact;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CtctLimitsTest {

    private static final String SIXTY = "x".repeat(60);

    @Test
    void should_name_the_field_and_the_limit_but_never_the_value_when_a_value_is_too_long() {
        List<String> v = CtctLimits.violations(Map.of("first_name", SIXTY, "city", "Oslo"), List.of("L1"));
        assertThat(v).singleElement().asString().startsWith("first_name longer than 50 characters").doesNotContain(SIXTY);
    }

    @Test
    void should_check_each_documented_length() {
        assertThat(CtctLimits.violations(Map.of("phone", "1".repeat(26)), List.of())).hasSize(1);
        assertThat(CtctLimits.violations(Map.of("work_city", "c".repeat(51)), List.of())).hasSize(1);
        assertThat(CtctLimits.violations(Map.of("home_street", "s".repeat(255)), List.of())).isEmpty();
        assertThat(CtctLimits.violations(Map.of("cf:note", "n".repeat(256)), List.of())).hasSize(1);
        assertThat(CtctLimits.violations(Map.of("anniversary", "2020-01-01x"), List.of())).hasSize(1);
        assertThat(CtctLimits.violations(Map.of("first_name", "é".repeat(50)), List.of())).as("characters, not bytes").isEmpty();
    }

    @Test
    void should_refuse_birthdays_out_of_range_or_half_given() {
        assertThat(CtctLimits.violations(Map.of("birthday_month", "13", "birthday_day", "1"), List.of())).hasSize(1);
        assertThat(CtctLimits.violations(Map.of("birthday_month", "2"), List.of())).singleElement().asString()
                .contains("must come together");
        assertThat(CtctLimits.violations(Map.of("birthday_month", "2", "birthday_day", "29"), List.of())).isEmpty();
    }

    @Test
    void should_refuse_more_custom_fields_or_lists_than_a_contact_may_have() {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 26; i++) {
            fields.put("cf:f" + i, "v");
        }
        assertThat(CtctLimits.violations(fields, List.of())).singleElement().asString().contains("26 custom fields");
        assertThat(CtctLimits.violations(Map.of(), Collections.nCopies(51, "L"))).singleElement().asString().contains("51 lists");
    }

    @Test
    void should_keep_field_names_and_limits_but_drop_values_from_a_refusal() {
        String body = "{\"error_key\":\"contacts.api.validation.error\",\"error_message\":\"[Path '/import_data/3/first_name'] "
                + "String \\\"Bartholomew-Maximilian\\\" is too long (length: 60, maximum allowed: 50)\"}";
        assertThat(ErrorText.importRefusal(body)).isEqualTo("first_name longer than 50 characters");
        assertThat(ErrorText.redact("Invalid e-mail ann.lee@example.com for \"Ann Lee\"")).isEqualTo("Invalid e-mail … for …");
    }
}
