package io.contactsync.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.contactsync.config.ConfigurationException;
import io.contactsync.mapping.MappingException;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code validate} and engine start-up against the sandbox: what they refuse and what they only warn about. */
class ValidateCommandIT {

    private static final String SHIPPED = "mappings/contacts.yaml";

    @TempDir
    Path dir;
    Testbed bed;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.createTierField();
        bed.stopEngine();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private int validate() {
        Path config = bed.writeConfig();
        return new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("validate", "--config", config.toString());
    }

    private Path mapping(String from, String to) throws Exception {
        Path file = dir.resolve("mapping.yaml");
        String yaml = Files.readString(Path.of(SHIPPED));
        assertThat(yaml).contains(from);
        Files.writeString(file, yaml.replace(from, to));
        return file;
    }

    @Test
    void should_say_valid_when_the_shipped_mapping_and_configuration_are_used() {
        assertThat(validate()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("valid").doesNotContain("warning");
    }

    @Test
    void should_exit_1_naming_the_closest_key_when_the_config_file_has_a_typo() {
        bed.set("sync.flow.overlab", "5m");

        assertThat(validate()).isEqualTo(1);
        assertThat(out.toString()).contains("  - configuration: unknown key sync.flow.overlab: did you mean"
                + " sync.flow.overlap? (set in " + dir.resolve("testbed.properties") + ")");
    }

    @Test
    void should_exit_1_when_the_overlap_is_negative() {
        bed.set("sync.flow.overlap", "-1m");

        assertThat(validate()).isEqualTo(1);
        assertThat(out.toString()).contains("  - configuration: sync.flow.overlap = '-1m': must not be negative");
    }

    @Test
    void should_exit_1_naming_the_file_when_list_rules_can_leave_a_contact_without_a_list() throws Exception {
        Path file = mapping("  default: [Newsletter]     # every synced contact joins these lists\n", "");
        bed.set("sync.mapping.file", file.toString());

        assertThat(validate()).isEqualTo(1);
        assertThat(out.toString()).contains("  - mapping: " + file + ":").contains(": lists: rules alone can leave a"
                + " contact without a list: Constant Contact's JSON import needs at least one list per contact");
    }

    @Test
    void should_print_a_warning_and_stay_valid_when_a_fifty_character_field_has_no_truncate() throws Exception {
        Path file = mapping("    ctct: first_name\n    transforms: [trim, {truncate: 50}]", "    ctct: first_name\n    transforms: [trim]");
        bed.set("sync.mapping.file", file.toString());

        assertThat(validate()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("mapping: warning: " + file + ":").contains("fields[1] (crm: first_name):"
                + " Constant Contact keeps at most 50 characters in 'first_name'").contains("\nvalid");
    }

    @Test
    void should_refuse_to_start_the_engine_when_a_key_is_unknown() {
        bed.set("sync.ctct.backof-max", "10s");

        assertThatThrownBy(bed::engine).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key sync.ctct.backof-max: did you mean sync.ctct.backoff-max?");
    }

    @Test
    void should_refuse_to_start_the_engine_naming_the_file_when_the_mapping_maps_no_email() throws Exception {
        Path file = mapping("  - crm: email\n    ctct: email\n", "  - crm: email\n    ctct: cf:email_copy\n");
        bed.set("sync.mapping.file", file.toString());

        assertThatThrownBy(bed::engine).isInstanceOf(MappingException.class)
                .hasMessageContaining(file + ":").hasMessageContaining("fields: no entry maps the e-mail address");
    }
}
