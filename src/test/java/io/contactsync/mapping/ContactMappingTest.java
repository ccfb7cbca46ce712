package io.contactsync.mapping;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.contactsync.vocabulary.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ContactMappingTest {

    static final Path SHIPPED = Path.of("mappings/contacts.yaml");
    /** crm_contact without id, deleted and updated_at, which the connector handles. */
    static final Set<String> DEMO_COLUMNS = Set.of("email", "first_name", "last_name", "company", "job_title",
            "phone", "city", "country", "tier", "email_opt_out");

    static ContactMapping shipped() {
        return ContactMapping.load(SHIPPED);
    }

    static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    static Map<String, Object> canonicalRow() {
        return row("email", "ada@example.com", "first_name", "Ada", "last_name", "Lovelace",
                "company", "Analytical Engines", "job_title", "Programmer", "phone", "555-123-4567",
                "city", "London", "country", "United Kingdom", "tier", "gold", "email_opt_out", false);
    }

    @Test
    void should_map_every_demo_column_when_shipped_mapping_is_loaded() {
        ContactMapping mapping = shipped();

        assertThat(mapping.crmFields()).containsExactlyInAnyOrderElementsOf(DEMO_COLUMNS);
        assertThat(mapping.customFieldNames()).containsExactly("tier");
        assertThat(mapping.vocabularyFields()).containsExactly("email", "first_name", "last_name", "company_name",
                "job_title", "phone", "city", "country", "cf:tier", "permission_to_send");
        assertThat(mapping.checkAgainstAccount(Set.of("tier"))).isEmpty();
        assertThat(mapping.createMissingLists()).isTrue();
        assertThat(mapping.source()).isEqualTo(SHIPPED.toString());
    }

    @Test
    void should_normalise_values_when_crm_row_goes_to_vocabulary() {
        Map<String, Object> row = row("email", "  Ada@Example.COM ", "first_name", " Ada ", "last_name", "Lovelace",
                "company", "x".repeat(60), "job_title", null, "phone", "(555) 123 4567", "city", "   ",
                "country", "UK", "tier", " Gold ", "email_opt_out", true);

        Map<String, String> vocabulary = shipped().toVocabulary(row);

        assertThat(vocabulary).containsOnly(
                entry("email", "ada@example.com"), entry("first_name", "Ada"), entry("last_name", "Lovelace"),
                entry("company_name", "x".repeat(50)), entry("job_title", ""), entry("phone", "555-123-4567"),
                entry("city", ""), entry("country", "UK"), entry("cf:tier", "gold"),
                entry("permission_to_send", "unsubscribed"));
    }

    @Test
    void should_give_every_field_empty_value_when_crm_row_is_empty() {
        Map<String, String> vocabulary = shipped().toVocabulary(Map.of());

        assertThat(vocabulary).hasSize(10).allSatisfy((name, value) -> assertThat(value).isEmpty());
    }

    @Test
    void should_return_same_row_when_canonical_row_round_trips() {
        ContactMapping mapping = shipped();
        Map<String, Object> row = canonicalRow();

        Map<String, Object> back = mapping.toCrm(mapping.toVocabulary(row));

        assertThat(back).isEqualTo(row);
    }

    @Test
    void should_write_null_or_false_when_vocabulary_value_is_empty() {
        Map<String, Object> crm = shipped().toCrm(Map.of("city", "", "permission_to_send", "", "cf:tier", "silver"));

        assertThat(crm).hasSize(3).containsEntry("city", null).containsEntry("email_opt_out", false)
                .containsEntry("tier", "silver");
    }

    @Test
    void should_set_opt_out_when_contact_is_unsubscribed_in_constant_contact() {
        Map<String, Object> crm = shipped().toCrm(Map.of("permission_to_send", Vocabulary.UNSUBSCRIBED));

        assertThat(crm).containsOnly(entry("email_opt_out", true));
    }

    static Stream<Arguments> listCases() {
        return Stream.of(
                Arguments.of("gold", Set.of("Newsletter", "VIP")),
                Arguments.of(" GOLD ", Set.of("Newsletter", "VIP")),
                Arguments.of("silver", Set.of("Newsletter")),
                Arguments.of(null, Set.of("Newsletter")));
    }

    @ParameterizedTest
    @MethodSource("listCases")
    void should_pick_lists_by_rule_when_tier_varies(String tier, Set<String> expected) {
        assertThat(shipped().listNames(row("tier", tier))).containsExactlyInAnyOrderElementsOf(expected);
    }

    static Stream<Arguments> ruleCases() {
        return Stream.of(
                Arguments.of("in: [gold, platinum]", "platinum", true),
                Arguments.of("in: [gold, platinum]", "silver", false),
                Arguments.of("matches: \"g.*d\"", "gold", true),
                Arguments.of("matches: \"g.*d\"", "golden", false),
                Arguments.of("not-empty: true", "x", true),
                Arguments.of("not-empty: true", "  ", false),
                Arguments.of("equals: \"1\"", 1, true),
                Arguments.of("equals: \"null\"", "null", true),
                Arguments.of("equals: \"null\"", null, false));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("ruleCases")
    void should_add_list_only_when_rule_condition_holds(String condition, Object tier, boolean member) {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: tier
                    ctct: cf:tier
                    transforms: [trim]
                lists:
                  rules:
                    - field: tier
                      %s
                      list: Special
                """.formatted(condition), "rules.yaml");

        assertThat(mapping.listNames(row("tier", tier)).contains("Special")).isEqualTo(member);
    }

    @Test
    void should_answer_field_questions_when_directions_and_policies_are_set() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: email
                    ctct: email
                    conflict: crm
                  - crm: notes
                    ctct: cf:notes
                    direction: to-ctct
                  - crm: ctct_id
                    ctct: contact_id
                    direction: to-crm
                    conflict: ctct
                """, "m.yaml");

        assertThat(mapping.conflictPolicy("email")).isEqualTo(ConflictPolicy.CRM);
        assertThat(mapping.conflictPolicy("contact_id")).isEqualTo(ConflictPolicy.CTCT);
        assertThat(mapping.conflictPolicy("cf:notes")).isEqualTo(ConflictPolicy.NEWEST);
        assertThat(mapping.conflictPolicy("city")).isEqualTo(ConflictPolicy.NEWEST);
        assertThat(mapping.syncsToCtct("cf:notes")).isTrue();
        assertThat(mapping.syncsToCrm("cf:notes")).isFalse();
        assertThat(mapping.syncsToCtct("contact_id")).isFalse();
        assertThat(mapping.syncsToCtct(null)).isFalse();
        assertThat(mapping.crmField("contact_id")).contains("ctct_id");
        assertThat(mapping.vocabularyField("notes")).contains("cf:notes");
        assertThat(mapping.vocabularyField("nothing")).isEmpty();
        assertThat(mapping.toVocabulary(row("email", "a@b.c", "notes", "n", "ctct_id", "x")))
                .containsOnlyKeys("email", "cf:notes");
        assertThat(mapping.toCrm(Map.of("email", "a@b.c", "cf:notes", "n", "contact_id", "id-1")))
                .containsOnly(entry("email", "a@b.c"), entry("ctct_id", "id-1"));
        assertThat(mapping.createMissingLists()).isTrue();
        assertThat(mapping.listNames(Map.of())).isEmpty();
    }

    @Test
    void should_convert_crm_value_types_to_text_when_mapping() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - {crm: a, ctct: cf:a}
                  - {crm: b, ctct: cf:b}
                  - {crm: c, ctct: cf:c}
                  - {crm: d, ctct: cf:d}
                  - {crm: e, ctct: cf:e}
                """, "types.yaml");

        Map<String, String> vocabulary = mapping.toVocabulary(row("a", 42, "b", new BigDecimal("1E+3"),
                "c", Instant.parse("2024-05-06T07:08:09Z"), "d", LocalDate.of(2024, 5, 6), "e", Boolean.TRUE));

        assertThat(vocabulary).containsOnly(entry("cf:a", "42"), entry("cf:b", "1000"),
                entry("cf:c", "2024-05-06T07:08:09Z"), entry("cf:d", "2024-05-06"), entry("cf:e", "true"));
    }

    @Test
    void should_throw_value_error_naming_field_when_crm_date_is_invalid() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: anniversary_date
                    ctct: anniversary
                    transforms: [{date: {crm: yyyy-MM-dd, ctct: MM/dd/yyyy}}]
                """, "dates.yaml");

        assertThat(mapping.toVocabulary(row("anniversary_date", LocalDate.of(2020, 2, 29))))
                .containsEntry("anniversary", "02/29/2020");
        assertThatThrownBy(() -> mapping.toVocabulary(row("anniversary_date", "2021-02-29")))
                .isInstanceOf(MappingValueException.class)
                .hasMessage("field anniversary_date -> anniversary: cannot convert '2021-02-29': "
                        + "not a valid date in the format yyyy-MM-dd")
                .satisfies(e -> assertThat(((MappingValueException) e).crmField()).isEqualTo("anniversary_date"));
        assertThatThrownBy(() -> mapping.toCrm(Map.of("anniversary", "2021-02-29")))
                .isInstanceOf(MappingValueException.class)
                .hasMessageContaining("anniversary");
    }

    @Test
    void should_never_subscribe_when_a_custom_transform_tries_to() {
        TransformRegistry rogue = TransformRegistry.standard()
                .with("opt-out-flag", TransformRegistry.noArgument("opt-out-flag", value -> "explicit"));
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: email_opt_out
                    ctct: permission_to_send
                    transforms: [opt-out-flag]
                """, "rogue.yaml", rogue);

        assertThat(mapping.toVocabulary(row("email_opt_out", false))).containsEntry("permission_to_send", "");
    }

    @Test
    void should_use_custom_transform_when_registered() {
        TransformRegistry registry = TransformRegistry.standard()
                .with("reverse", TransformRegistry.noArgument("reverse",
                        value -> new StringBuilder(value).reverse().toString()));

        ContactMapping mapping = ContactMapping.parse("fields: [{crm: x, ctct: cf:x, transforms: [reverse]}]",
                "custom.yaml", registry);

        assertThat(mapping.toVocabulary(row("x", "abc"))).containsEntry("cf:x", "cba");
    }

    @Test
    void should_refuse_modification_when_caller_changes_returned_sets() {
        ContactMapping mapping = shipped();

        assertThatThrownBy(() -> mapping.crmFields().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> mapping.listNames(Map.of()).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> mapping.customFieldNames().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
