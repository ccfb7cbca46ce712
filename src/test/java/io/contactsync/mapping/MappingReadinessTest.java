package io.contactsync.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a mapping file needs before the engine syncs with it (e-mail, a list for everyone), and its warnings. */
class MappingReadinessTest {

    private static List<MappingProblem> problemsOf(String yaml) {
        MappingException error = catchThrowableOfType(MappingException.class,
                () -> ContactMapping.parseForSync(yaml, "contacts.yaml"));
        assertThat(error).as("expected the mapping to be refused").isNotNull();
        return error.problems();
    }

    @Test
    void should_refuse_the_file_when_no_entry_maps_the_email() {
        List<MappingProblem> problems = problemsOf("""
                fields:
                  - crm: first_name
                    ctct: first_name
                    transforms: [{truncate: 50}]
                lists:
                  default: [Newsletter]
                """);

        assertThat(problems).singleElement().hasToString("contacts.yaml:1: fields: no entry maps the e-mail address"
                + " (add one with 'ctct: email', direction both or to-ctct): Constant Contact matches and imports"
                + " contacts by e-mail, so every record would be parked");
    }

    @Test
    void should_refuse_the_file_when_the_email_only_goes_to_the_crm() {
        assertThat(problemsOf("""
                fields:
                  - crm: email
                    ctct: email
                    direction: to-crm
                lists:
                  default: [Newsletter]
                """)).singleElement().extracting(MappingProblem::message).asString()
                .startsWith("no entry maps the e-mail address");
    }

    @Test
    void should_refuse_the_file_naming_lists_when_the_mapping_has_no_list() {
        List<MappingProblem> problems = problemsOf("""
                fields:
                  - crm: email
                    ctct: email
                """);

        assertThat(problems).singleElement().hasToString("contacts.yaml:1: lists: no list at all: Constant Contact's"
                + " JSON import needs at least one list per contact; add 'default: [<list name>]' under 'lists:'");
    }

    @Test
    void should_refuse_the_file_naming_lists_when_rules_can_leave_a_contact_without_a_list() {
        List<MappingProblem> problems = problemsOf("""
                fields:
                  - crm: email
                    ctct: email
                  - crm: tier
                    ctct: cf:tier
                lists:
                  rules:
                    - field: tier
                      equals: gold
                      list: VIP
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.entry()).isEqualTo("lists");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).startsWith("rules alone can leave a contact without a list: Constant Contact's JSON"
                    + " import needs at least one list per contact");
        });
    }

    @Test
    void should_accept_the_file_when_a_rule_every_contact_passes_gives_the_list() {
        ContactMapping mapping = ContactMapping.parseForSync("""
                fields:
                  - crm: email
                    ctct: email
                lists:
                  rules:
                    - field: email
                      not-empty: true
                      list: Everyone
                """, "contacts.yaml");

        assertThat(mapping.listNamesUsed()).containsExactly("Everyone");
    }

    @Test
    void should_report_both_and_name_the_path_when_a_file_has_neither_email_nor_list(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bare.yaml"), "fields:\n  - crm: city\n    ctct: city\n"
                + "    transforms: [{truncate: 50}]\n");

        MappingException error = catchThrowableOfType(MappingException.class, () -> ContactMapping.load(file));

        assertThat(error.problems()).extracting(MappingProblem::entry).containsExactly("fields", "lists");
        assertThat(error.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
    }

    @Test
    void should_accept_a_fragment_when_it_is_parsed_without_the_sync_checks() {
        assertThat(ContactMapping.parse("fields:\n  - crm: tier\n    ctct: cf:tier\n", "m.yaml").customFieldNames())
                .containsExactly("tier");
    }

    @Test
    void should_warn_without_refusing_when_a_fifty_character_field_has_no_truncate() {
        ContactMapping mapping = ContactMapping.parseForSync("""
                fields:
                  - crm: email
                    ctct: email
                  - crm: first_name
                    ctct: first_name
                    transforms: [trim]
                  - crm: last_name
                    ctct: last_name
                    transforms: [trim, {truncate: 50}]
                  - crm: title
                    ctct: job_title
                    direction: to-crm
                  - crm: phone
                    ctct: phone
                    transforms: [phone]
                  - crm: notes
                    ctct: cf:notes
                lists:
                  default: [Newsletter]
                """, "contacts.yaml");

        assertThat(mapping.warnings()).extracting(MappingProblem::toString).containsExactly(
                "contacts.yaml:4: fields[1] (crm: first_name): Constant Contact keeps at most 50 characters in"
                        + " 'first_name' and refuses a longer value (the record is parked): add {truncate: 50} to the"
                        + " transforms");
    }

    @Test
    void should_warn_when_truncate_is_longer_than_the_limit() {
        ContactMapping mapping = ContactMapping.parse("""
                fields:
                  - crm: company
                    ctct: company_name
                    transforms: [{truncate: 80}]
                """, "contacts.yaml");

        assertThat(mapping.warnings()).singleElement().extracting(MappingProblem::entry)
                .isEqualTo("fields[0] (crm: company)");
    }

    @Test
    void should_load_without_problem_or_warning_when_the_shipped_mapping_is_used() {
        ContactMapping mapping = ContactMapping.load(Path.of("mappings/contacts.yaml"));

        assertThat(mapping.warnings()).isEmpty();
        assertThat(mapping.listNamesUsed()).contains("Newsletter");
    }
}
