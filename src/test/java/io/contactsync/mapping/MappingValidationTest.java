package io.contactsync.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MappingValidationTest {

    static List<MappingProblem> problemsOf(String yaml) {
        MappingException error = catchThrowableOfType(MappingException.class,
                () -> ContactMapping.parse(yaml, "contacts.yaml"));
        assertThat(error).as("expected the mapping to be rejected").isNotNull();
        return error.problems();
    }

    static Arguments invalid(String yaml, String entry, int line, String message) {
        return Arguments.of(yaml, entry, line, message);
    }

    static Stream<Arguments> invalidMappings() {
        return Stream.of(
                invalid("""
                        fields:
                          - crm: company
                            ctct: company
                        """, "fields[0] (crm: company)", 3, "unknown vocabulary name 'company'"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: "cf:"
                        """, "fields[0] (crm: tier)", 3, "custom field name after 'cf:' is empty"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:%s
                        """.formatted("t".repeat(51)), "fields[0] (crm: tier)", 3, "longer than 50 characters"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:customer tier
                        """, "fields[0] (crm: tier)", 3, "contains blanks"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                          - crm: email2
                            ctct: email
                            direction: to-ctct
                        """, "fields[1] (crm: email2)", 4,
                        "duplicate target: 'email' is already written towards Constant Contact by fields[0]"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                          - crm: email
                            ctct: cf:email_copy
                            direction: to-crm
                        """, "fields[1] (crm: email)", 4, "duplicate target: CRM column 'email'"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                            transforms: [trim, upcase]
                        """, "fields[0] (crm: tier)", 4, "unknown transform 'upcase'"),
                invalid("""
                        fields:
                          - crm: first_name
                            ctct: first_name
                            transforms:
                              - trim
                              - truncate: fifty
                        """, "fields[0] (crm: first_name)", 6,
                        "bad argument for transform 'truncate': 'truncate' needs a whole number"),
                invalid("""
                        fields:
                          - crm: birthday
                            ctct: anniversary
                            transforms:
                              - date: {crm: yyyy-MM, ctct: MM/dd/yyyy}
                        """, "fields[0] (crm: birthday)", 5, "bad crm date pattern 'yyyy-MM'"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            transforms: [{trim: yes}]
                        """, "fields[0] (crm: email)", 4, "'trim' takes no argument"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            transfroms: [trim]
                        """, "fields[0] (crm: email)", 4, "unknown key 'transfroms'"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            crm: mail
                        """, "fields[0] (crm: email)", 4, "duplicate key 'crm'"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                          - ctct: first_name
                        """, "fields[1] (ctct: first_name)", 4, "'crm:' is missing"),
                invalid("""
                        fields:
                          - crm: email
                        """, "fields[0] (crm: email)", 2, "'ctct:' is missing"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: ""
                        """, "fields[0] (crm: email)", 3, "'ctct' must not be empty"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: ~
                        """, "fields[0] (crm: email)", 3, "'ctct' must not be empty"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            direction: crm-only
                        """, "fields[0] (crm: email)", 4, "bad direction 'crm-only'"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            conflict: oldest
                        """, "fields[0] (crm: email)", 4, "bad conflict policy 'oldest'"),
                invalid("""
                        fields:
                          - crm: ctct_id
                            ctct: contact_id
                        """, "fields[0] (crm: ctct_id)", 3, "'contact_id' is read-only in Constant Contact"),
                invalid("""
                        fields:
                          - crm: consent
                            ctct: permission_to_send
                            transforms: [lowercase]
                        """, "fields[0] (crm: consent)", 4, "needs 'opt-out-flag' as its last transform"),
                invalid("""
                        fields:
                          - crm: consent
                            ctct: permission_to_send
                            transforms: [opt-out-flag, {default: explicit}]
                        """, "fields[0] (crm: consent)", 4, "needs 'opt-out-flag' as its last transform"),
                invalid("""
                        fields:
                          - crm: consent
                            ctct: permission_to_send
                        """, "fields[0] (crm: consent)", 2, "needs 'opt-out-flag' as its last transform"),
                invalid("""
                        fields:
                          - crm: vip
                            ctct: cf:vip
                            transforms: [opt-out-flag]
                        """, "fields[0] (crm: vip)", 4, "'opt-out-flag' only applies to permission_to_send"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                        lists:
                          rules:
                            - field: tier
                              equals: gold
                              list: VIP
                        """, "lists.rules[0] (list: VIP)", 6, "rule field 'tier' is not a CRM column mapped"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                            direction: to-crm
                        lists:
                          rules:
                            - field: tier
                              equals: gold
                              list: VIP
                        """, "lists.rules[0] (list: VIP)", 7, "rule field 'tier' is not a CRM column mapped"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        lists:
                          rules:
                            - field: tier
                              equals: gold
                        """, "lists.rules[0]", 6, "'list:' is missing"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        lists:
                          rules:
                            - field: tier
                              list: VIP
                        """, "lists.rules[0] (list: VIP)", 6, "exactly one condition"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        lists:
                          rules:
                            - field: tier
                              equals: gold
                              in: [gold, platinum]
                              list: VIP
                        """, "lists.rules[0] (list: VIP)", 6, "found equals, in"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        lists:
                          rules:
                            - field: tier
                              matches: "gold("
                              list: VIP
                        """, "lists.rules[0] (list: VIP)", 7, "bad regular expression 'gold('"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        lists:
                          create-missing: sometimes
                        """, "lists", 5, "'create-missing' must be true or false"),
                invalid("""
                        fields:
                          - crm: tier
                            ctct: cf:tier
                        list:
                          default: [Newsletter]
                        """, "", 4, "unknown key 'list'"),
                invalid("""
                        lists:
                          default: [Newsletter]
                        """, "", 1, "'fields:' is missing"),
                invalid("", "", 1, "the mapping file is empty"),
                invalid("""
                        fields:
                          - crm: email
                            ctct: email
                            transforms: [trim, lowercase
                          - crm: phone
                        """, "", 5, "YAML syntax error"),
                invalid("""
                        fields:
                          - crm: email
                           ctct: email
                        """, "", 3, "YAML syntax error"));
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("invalidMappings")
    void should_report_problem_with_entry_and_line_when_mapping_is_invalid(String yaml, String entry, int line,
                                                                          String message) {
        List<MappingProblem> problems = problemsOf(yaml);

        assertThat(problems).hasSize(1);
        MappingProblem problem = problems.get(0);
        assertThat(problem.message()).contains(message);
        assertThat(problem.entry()).isEqualTo(entry);
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.file()).isEqualTo("contacts.yaml");
    }

    @Test
    void should_report_problem_at_26th_custom_field_when_mapping_has_more_than_25() {
        String fields = IntStream.rangeClosed(1, 26)
                .mapToObj(i -> "  - crm: c%d\n    ctct: cf:c%d\n".formatted(i, i))
                .collect(Collectors.joining("", "fields:\n", ""));

        List<MappingProblem> problems = problemsOf(fields);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("26 custom fields mapped, more than 25");
            assertThat(problem.entry()).isEqualTo("fields[25] (crm: c26)");
            assertThat(problem.line()).isEqualTo(52);
        });
    }

    @Test
    void should_accept_25_custom_fields_when_at_the_limit() {
        String fields = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> "  - crm: c%d\n    ctct: cf:c%d\n".formatted(i, i))
                .collect(Collectors.joining("", "fields:\n", ""));

        assertThat(ContactMapping.parse(fields, "contacts.yaml").customFieldNames()).hasSize(25);
    }

    @Test
    void should_report_every_problem_in_line_order_when_file_has_several() {
        String yaml = """
                fields:
                  - crm: email
                    ctct: e_mail
                  - crm: tier
                    ctct: cf:tier
                    transforms: [upcase]
                lists:
                  rules:
                    - field: nowhere
                      equals: x
                      list: X
                """;

        List<MappingProblem> problems = problemsOf(yaml);

        assertThat(problems).extracting(MappingProblem::line).containsExactly(3, 6, 9);
        assertThat(problems.get(1)).hasToString(
                "contacts.yaml:6: fields[1] (crm: tier): unknown transform 'upcase' (known: date, default, lowercase,"
                        + " map, opt-out-flag, phone, titlecase, trim, truncate, uppercase)");
    }

    @Test
    void should_list_one_problem_per_line_when_exception_message_is_read() {
        MappingException error = catchThrowableOfType(MappingException.class, () -> ContactMapping.parse("""
                fields:
                  - crm: a
                    ctct: b
                  - crm: c
                    ctct: d
                """, "m.yaml"));

        assertThat(error.getMessage().lines()).containsExactly(
                "2 problems in the mapping:",
                "m.yaml:3: fields[0] (crm: a): unknown vocabulary name 'b' (a Constant Contact import field, "
                        + "an engine fact or cf:<custom field>)",
                "m.yaml:5: fields[1] (crm: c): unknown vocabulary name 'd' (a Constant Contact import field, "
                        + "an engine fact or cf:<custom field>)");
    }

    @Test
    void should_name_the_path_when_loading_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "fields:\n  - crm: x\n    ctct: nope\n");

        assertThatThrownBy(() -> ContactMapping.load(file))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(file + ":3: fields[0] (crm: x): unknown vocabulary name 'nope'");
    }

    @Test
    void should_report_unreadable_file_when_it_does_not_exist(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        MappingException error = catchThrowableOfType(MappingException.class, () -> ContactMapping.load(missing));

        assertThat(error.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("cannot read the mapping file"));
    }

    @Test
    void should_accept_read_only_fact_when_direction_is_to_crm() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: ctct_id
                    ctct: contact_id
                    direction: to-crm
                """, "m.yaml");

        assertThat(mapping.syncsToCrm("contact_id")).isTrue();
        assertThat(mapping.syncsToCtct("contact_id")).isFalse();
    }

    @Test
    void should_report_missing_custom_fields_when_checked_against_account() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: tier
                    ctct: cf:tier
                  - crm: region
                    ctct: cf:region
                """, "contacts.yaml");

        assertThat(mapping.checkAgainstAccount(Set.of("tier", "other")))
                .extracting(MappingProblem::toString)
                .containsExactly("contacts.yaml:4: fields[1] (crm: region): custom field 'region' does not exist in "
                        + "the Constant Contact account (create it, or fix the name)");
        assertThat(mapping.checkAgainstAccount(Set.of("tier", "region"))).isEmpty();
    }
}
