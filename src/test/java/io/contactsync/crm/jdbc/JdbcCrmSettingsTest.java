package io.contactsync.crm.jdbc;

import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.CrmConnector.DeletePolicy;
import io.contactsync.crm.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcCrmSettingsTest {

    private final JdbcCrmSettings defaults = JdbcCrmSettings.of("jdbc:h2:mem:x", "sa", "s3cret");

    @Test
    void should_have_no_problems_and_the_documented_defaults_when_built_with_of() {
        assertThat(defaults.problems()).isEmpty();
        assertThat(defaults.table()).isEqualTo("crm_contact");
        assertThat(List.of(defaults.idColumn(), defaults.updatedAtColumn(), defaults.deletedColumn(), defaults.emailColumn()))
                .containsExactly("id", "updated_at", "deleted", "email");
        assertThat(defaults.columns()).isEmpty();
        assertThat(defaults.fetchSize()).isEqualTo(500);
        assertThat(defaults.idGenerator().get()).matches("[0-9a-f-]{36}");
    }

    @Test
    void should_list_every_malformed_identifier_and_value_when_several_are_wrong() {
        JdbcCrmSettings bad = defaults.withTable("crm_contact; DROP TABLE x").withKeyColumns("1id", null, "deleted")
                .withColumns(List.of("first_name", "last-name", "FIRST_NAME", "updated_at")).withFetchSize(0);

        assertThat(bad.problems()).containsExactly(
                "sync.crm.jdbc.table = 'crm_contact; DROP TABLE x': is not a plain SQL identifier (letters, digits and"
                        + " '_', not starting with a digit, at most 63 characters)",
                "sync.crm.jdbc.id-column = '1id': is not a plain SQL identifier (letters, digits and '_', not starting"
                        + " with a digit, at most 63 characters)",
                "sync.crm.jdbc.updated-at-column = (not set): is required",
                "sync.crm.jdbc.columns[1] = 'last-name': is not a plain SQL identifier (letters, digits and '_', not"
                        + " starting with a digit, at most 63 characters)",
                "sync.crm.jdbc.columns[2] = 'FIRST_NAME': is listed twice",
                "sync.crm.jdbc.fetch-size = '0': must be between 1 and 100000");
    }

    @Test
    void should_refuse_a_key_column_in_the_mapped_columns_when_listed() {
        assertThat(defaults.withColumns(List.of("email", "Deleted")).problems()).singleElement().asString()
                .contains("columns[1] = 'Deleted'", "handles itself");
    }

    @Test
    void should_refuse_a_63_plus_one_character_identifier_when_too_long() {
        assertThat(defaults.withTable("t" + "x".repeat(62)).problems()).isEmpty();
        assertThat(defaults.withTable("t" + "x".repeat(63)).problems()).hasSize(1);
    }

    @Test
    void should_refuse_changes_sql_when_not_a_select_or_with_unknown_parameters() {
        assertThat(defaults.withChangesSql("DELETE FROM crm_contact").problems()).singleElement().asString()
                .contains("changes-sql", "must be a SELECT");
        assertThat(defaults.withChangesSql("SELECT * FROM t WHERE a > :after_ts AND b = :since").problems())
                .singleElement().asString().contains("unknown named parameter(s) [since]");
        assertThat(defaults.withChangesSql("WITH c AS (SELECT 1) SELECT * FROM t WHERE id > :after_id").problems())
                .isEmpty();
    }

    @Test
    void should_report_flag_policy_when_there_is_no_deleted_column() {
        JdbcCrmSettings noSoftDelete = defaults.withKeyColumns("id", "updated_at", null);

        assertThat(noSoftDelete.deletePolicyProblems(DeletePolicy.FLAG)).singleElement().asString()
                .contains("deleted-column = (not set)", "FLAG");
        assertThat(noSoftDelete.deletePolicyProblems(DeletePolicy.DELETE)).isEmpty();
        assertThat(defaults.deletePolicyProblems(DeletePolicy.FLAG)).isEmpty();
    }

    @Test
    void should_mask_the_password_when_printed() {
        JdbcCrmSettings withUrlSecret = JdbcCrmSettings.of("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true",
                "u", "s3cret");

        assertThat(withUrlSecret.toString()).doesNotContain("s3cret", "hunter2").contains("password=***&ssl=true");
    }

    @Test
    void should_fail_before_connecting_when_identifiers_are_malformed() {
        JdbcCrmSettings bad = JdbcCrmSettings.of("jdbc:postgresql://127.0.0.1:1/none", "u", "p").withTable("a b");

        assertThatThrownBy(() -> new JdbcCrmConnector(bad, new TestClock(Instant.EPOCH)))
                .isInstanceOf(CrmConfigurationException.class).hasMessageContaining("table = 'a b'")
                .hasMessageNotContaining("cannot connect");
    }

    @Test
    void should_name_the_url_without_its_password_when_the_database_is_unreachable() {
        JdbcCrmSettings unreachable = JdbcCrmSettings.of("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "u", "p");

        assertThatThrownBy(() -> new JdbcCrmConnector(unreachable, new TestClock(Instant.EPOCH)))
                .isInstanceOf(CrmConfigurationException.class)
                .hasMessageContaining("sync.crm.jdbc.url = 'jdbc:postgresql://127.0.0.1:1/none?password=***': cannot connect")
                .hasMessageNotContaining("hunter2");
    }
}
