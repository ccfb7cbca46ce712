package io.contactsync.crm.jdbc;

import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read side of {@link JdbcCrmConnector}, run against each real database by a subclass. */
abstract class JdbcCrmConnectorReadsContract extends ConnectorSuiteBase {

    @Test
    void should_return_every_change_exactly_once_in_order_when_paging_across_many_pages_with_shared_timestamps() {
        // given 230 rows in groups of 1..5 sharing one updated_at, inserted out of order
        List<String[]> rows = new ArrayList<>();
        int second = 0;
        for (int i = 0; i < 230; second++) {
            int group = 1 + second % 5;
            for (int g = 0; g < group && i < 230; g++, i++) {
                rows.add(new String[] {String.format("c%04d", (i * 37) % 230), String.valueOf(second)});
            }
        }
        for (int i = rows.size() - 1; i >= 0; i--) {
            insert(rows.get(i)[0], rows.get(i)[0] + "@x.example", T0.plusSeconds(Long.parseLong(rows.get(i)[1])));
        }
        List<String> expected = rows.stream()
                .sorted(Comparator.<String[]>comparingLong(r -> Long.parseLong(r[1])).thenComparing(r -> r[0]))
                .map(r -> r[0]).toList();

        // when read 7 at a time
        List<CrmRecord> read = readAll(connector(), CrmPosition.from(Instant.EPOCH), 7);

        // then
        assertThat(read).extracting(CrmRecord::id).containsExactlyElementsOf(expected);
        assertThat(read.get(0).updatedAt()).isEqualTo(T0);
    }

    @Test
    void should_count_what_reading_on_would_return_when_changes_are_counted() {
        for (int i = 0; i < 20; i++) {
            insert(String.format("c%02d", i), "c" + i + "@x.example", T0.plusSeconds(i / 2));
        }
        insert("c99", "c99@x.example", Instant.EPOCH);
        JdbcCrmConnector connector = connector();
        CrmPage first = connector.readChanges(CrmPosition.from(T0.plusSeconds(1)), 5);

        assertThat(connector.countChanges(CrmPosition.from(Instant.EPOCH))).as("from the epoch: every row")
                .hasValue(readAll(connector, CrmPosition.from(Instant.EPOCH), 7).size());
        assertThat(connector.countChanges(CrmPosition.from(T0.plusSeconds(1))))
                .hasValue(readAll(connector, CrmPosition.from(T0.plusSeconds(1)), 7).size());
        assertThat(connector.countChanges(first.last())).as("after a page, with a tie-breaker id")
                .hasValue(readAll(connector, first.last(), 7).size());
    }

    @Test
    void should_pick_up_a_row_changed_between_two_pages_when_reading_on() {
        for (int i = 0; i < 20; i++) {
            insert(String.format("c%02d", i), "c" + i + "@x.example", T0.plusSeconds(i));
        }
        JdbcCrmConnector connector = connector();
        CrmPage first = connector.readChanges(CrmPosition.from(Instant.EPOCH), 5);

        // a row already read and a row not yet read are edited between the pages
        connector.upsert(List.of(new CrmRecord("c02", Map.of("city", "Paris"), null, false),
                new CrmRecord("c15", Map.of("city", "Oslo"), null, false)));

        List<CrmRecord> rest = readAll(connector, first.last(), 5);

        assertThat(first.records()).extracting(CrmRecord::id).containsExactly("c00", "c01", "c02", "c03", "c04");
        assertThat(rest).extracting(CrmRecord::id).doesNotHaveDuplicates().endsWith("c02", "c15").hasSize(16);
        assertThat(rest.get(rest.size() - 1).fields()).containsEntry("city", "Oslo");
        assertThat(rest.get(rest.size() - 2).updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void should_read_null_updated_at_rows_as_the_epoch_in_id_order_across_pages_when_reading_from_the_epoch() {
        // given NULL rows interleaved by id with a row stamped exactly at the epoch, and two ordinary rows
        allowNullUpdatedAt();
        for (String id : List.of("c09", "c01", "c05", "c02", "c08", "c04", "c07")) {
            insert(id, id + "@x.example", null);
        }
        insert("c03", "c03@x.example", Instant.EPOCH);
        insert("c00", "c00@x.example", T0);
        insert("c06", "c06@x.example", T0.plusSeconds(1));
        JdbcCrmConnector connector = connector();

        // when a full resync reads 2 at a time
        List<CrmRecord> read = readAll(connector, CrmPosition.from(Instant.EPOCH), 2);
        CrmPage firstPage = connector.readChanges(CrmPosition.from(Instant.EPOCH), 2);

        // then
        assertThat(read).extracting(CrmRecord::id)
                .containsExactly("c01", "c02", "c03", "c04", "c05", "c07", "c08", "c09", "c00", "c06");
        assertThat(read.subList(0, 8)).allSatisfy(r -> assertThat(r.updatedAt()).isEqualTo(Instant.EPOCH));
        assertThat(firstPage.last()).isEqualTo(new CrmPosition(Instant.EPOCH, "c02"));
        assertThat(readAll(connector, new CrmPosition(Instant.EPOCH, "c07"), 2)).extracting(CrmRecord::id)
                .containsExactly("c08", "c09", "c00", "c06");
        assertThat(readAll(connector, CrmPosition.from(Instant.EPOCH.minusSeconds(60)), 3)).hasSize(10);
        assertThat(connector.readChanges(CrmPosition.from(T0.minusSeconds(1)), 10).records())
                .extracting(CrmRecord::id).containsExactly("c00", "c06");
        assertThat(connector.findByIds(List.of("c05")).get("c05").updatedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void should_include_rows_at_the_instant_when_the_position_has_no_id() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);
        insert("c", "c@x.example", T0.plusSeconds(1));

        CrmPage fromInstant = connector().readChanges(CrmPosition.from(T0), 10);
        CrmPage afterA = connector().readChanges(new CrmPosition(T0, "a"), 10);

        assertThat(fromInstant.records()).extracting(CrmRecord::id).containsExactly("a", "b", "c");
        assertThat(fromInstant.hasMore()).isFalse();
        assertThat(afterA.records()).extracting(CrmRecord::id).containsExactly("b", "c");
        assertThat(afterA.last()).isEqualTo(new CrmPosition(T0.plusSeconds(1), "c"));
    }

    @Test
    void should_map_columns_to_typed_fields_without_key_columns_when_columns_are_discovered() {
        insert("a", "Ann@X.example", T0);

        CrmRecord record = connector().readChanges(CrmPosition.from(Instant.EPOCH), 10).records().get(0);

        assertThat(record.fields()).containsOnlyKeys("email", "first_name", "last_name", "company", "job_title",
                "phone", "city", "country", "tier", "email_opt_out");
        assertThat(record.fields()).containsEntry("email", "Ann@X.example").containsEntry("email_opt_out", false)
                .containsEntry("company", null);
        assertThat(record.updatedAt()).isEqualTo(T0);
        assertThat(record.deleted()).isFalse();
    }

    @Test
    void should_read_only_listed_columns_plus_email_when_columns_are_configured() {
        insert("a", "a@x.example", T0);

        CrmRecord record = connector(settings().withColumns(List.of("first_name", "tier")))
                .readChanges(CrmPosition.from(Instant.EPOCH), 10).records().get(0);

        assertThat(record.fields()).containsOnlyKeys("first_name", "tier", "email");
    }

    @Test
    void should_page_with_a_custom_changes_sql_when_it_uses_named_parameters() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);
        insert("c", "c@x.example", T0.plusSeconds(1));
        db.execute("UPDATE crm_contact SET tier = 'x:y' WHERE id = 'b'");
        String sql = """
                SELECT id, updated_at, deleted, email AS email, tier
                  FROM crm_contact
                 WHERE tier <> 'x:y' -- rows tagged ':x' are hidden
                   AND (updated_at > :after_ts OR (updated_at = :after_ts AND id > :after_id))
                 ORDER BY updated_at, id
                 LIMIT :limit""";
        JdbcCrmConnector connector = connector(settings().withChangesSql(sql));

        CrmPage first = connector.readChanges(CrmPosition.from(Instant.EPOCH), 1);
        CrmPage second = connector.readChanges(first.last(), 1);
        CrmPage third = connector.readChanges(second.last(), 1);

        assertThat(first.records()).extracting(CrmRecord::id).containsExactly("a");
        assertThat(second.records()).extracting(CrmRecord::id).containsExactly("c");
        assertThat(third.records()).isEmpty();
        assertThat(third.hasMore()).isFalse();
        assertThat(first.records().get(0).fields()).containsOnlyKeys("email", "tier");
    }

    @Test
    void should_list_every_missing_column_when_the_custom_changes_sql_does_not_return_them() {
        JdbcCrmSettings bad = settings().withChangesSql(
                "SELECT email FROM crm_contact WHERE updated_at > :after_ts LIMIT :limit");

        assertThatThrownBy(() -> connector(bad))
                .isInstanceOf(CrmConfigurationException.class)
                .satisfies(e -> assertThat(((CrmConfigurationException) e).problems()).hasSize(3)
                        .anySatisfy(p -> assertThat(p).contains("changes-sql", "no id column 'id'"))
                        .anySatisfy(p -> assertThat(p).contains("no updated-at column 'updated_at'"))
                        .anySatisfy(p -> assertThat(p).contains("no deleted column 'deleted'")));
    }

    @Test
    void should_report_a_custom_changes_sql_that_fails_when_opening() {
        JdbcCrmSettings bad = settings().withChangesSql("SELECT * FROM no_such_table WHERE x > :after_ts");

        assertThatThrownBy(() -> connector(bad)).isInstanceOf(CrmConfigurationException.class)
                .hasMessageContaining("sync.crm.jdbc.changes-sql").hasMessageContaining("does not run");
    }

    @Test
    void should_list_every_problem_when_table_columns_do_not_exist() {
        JdbcCrmSettings bad = settings().withKeyColumns("contact_id", "updated_at", "is_deleted")
                .withColumns(List.of("first_name", "nickname"));

        assertThatThrownBy(() -> connector(bad))
                .isInstanceOf(CrmConfigurationException.class)
                .satisfies(e -> assertThat(((CrmConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        problem("id-column", "contact_id"), problem("deleted-column", "is_deleted"),
                        problem("columns[1]", "nickname")));
    }

    @Test
    void should_name_the_table_when_it_does_not_exist() {
        assertThatThrownBy(() -> connector(settings().withTable("crm_people")))
                .isInstanceOf(CrmConfigurationException.class)
                .hasMessageContaining("1 problem")
                .hasMessageContaining("sync.crm.jdbc.table = 'crm_people': cannot be read");
    }

    @Test
    void should_find_a_record_by_email_when_the_case_differs() {
        insert("a", "Ann.Lee@Example.COM", T0);
        insert("b", "bob@example.com", T0);

        assertThat(connector().findByEmail("ann.lee@example.com")).map(CrmRecord::id).contains("a");
        assertThat(connector().findByEmail("ANN.LEE@EXAMPLE.COM")).map(CrmRecord::id).contains("a");
        assertThat(connector().findByEmail("nobody@example.com")).isEmpty();
    }

    @Test
    void should_find_the_best_record_per_lower_case_email_when_finding_many_emails_across_chunks() {
        IntStream.range(0, 620).forEach(i -> insert("id" + i, "User" + i + "@X.example", T0.plusSeconds(i)));
        insert("dup-old", "shared@x.example", T0);
        insert("dup-new", "Shared@x.example", T0.plusSeconds(5));
        insert("dup-deleted", "SHARED@x.example", T0.plusSeconds(9));
        db.execute("UPDATE crm_contact SET deleted = TRUE WHERE id = 'dup-deleted'");
        insert("only-deleted", "gone@x.example", T0);
        db.execute("UPDATE crm_contact SET deleted = TRUE WHERE id = 'only-deleted'");
        List<String> wanted = new ArrayList<>(IntStream.range(0, 1100).mapToObj(i -> "user" + i + "@x.EXAMPLE").toList());
        wanted.addAll(java.util.Arrays.asList(" Shared@X.example ", "gone@x.example", "", null, "user7@x.example"));

        Map<String, CrmRecord> found = connector().findByEmails(wanted);

        assertThat(found).hasSize(622).containsKeys("user0@x.example", "user619@x.example")
                .doesNotContainKey("user620@x.example");
        assertThat(found.get("user42@x.example").id()).isEqualTo("id42");
        assertThat(found.get("shared@x.example").id()).as("live before deleted, then newest").isEqualTo("dup-new");
        assertThat(found.get("gone@x.example").id()).as("a deleted row when there is nothing else").isEqualTo("only-deleted");
        assertThat(found.get("shared@x.example")).isEqualTo(connector().findByEmail("shared@x.example").orElseThrow());
        assertThat(connector().findByEmails(List.of())).isEmpty();
    }

    @Test
    void should_match_emails_on_the_generated_lower_case_column_and_keep_it_out_of_the_fields_when_the_table_has_one() {
        insert("a", "Ann.Lee@Example.COM", T0);
        insert("b", "bob@example.com", T0);
        JdbcCrmConnector connector = connector();

        assertThat(connector.emailKey()).as("the demo table's indexed email_lower").isEqualTo("email_lower");
        assertThat(connector.fieldNames()).doesNotContain("email_lower").contains("email");
        assertThat(connector.findByEmails(List.of("ANN.LEE@example.com", "Bob@Example.com", "nobody@example.com")))
                .containsOnlyKeys("ann.lee@example.com", "bob@example.com");
        assertThat(connector.findByEmail("ann.lee@EXAMPLE.com")).map(CrmRecord::id).contains("a");
        assertThat(connector.readChanges(CrmPosition.from(Instant.EPOCH), 10).records().get(0).fields())
                .doesNotContainKey("email_lower");
        CrmRecord created = connector.upsert(List.of(new CrmRecord(null, Map.of("email", "New.One@X.example"), null, false))).get(0);
        assertThat(column(created.id(), "email_lower")).as("kept by the database on the connector's own inserts")
                .isEqualTo("new.one@x.example");
        assertThat(connector.findByEmails(List.of("new.one@x.example")).get("new.one@x.example").id()).isEqualTo(created.id());
    }

    @Test
    void should_fall_back_to_lower_of_the_email_column_when_the_table_has_no_such_generated_column() {
        db.execute("DROP INDEX crm_contact_email_lower", "ALTER TABLE crm_contact DROP COLUMN email_lower",
                "ALTER TABLE crm_contact ADD COLUMN email_upper VARCHAR(255) GENERATED ALWAYS AS (UPPER(email))"
                        + (db.settings().url().startsWith("jdbc:postgresql") ? " STORED" : ""));
        insert("a", "Ann.Lee@Example.COM", T0);
        JdbcCrmConnector connector = connector();

        assertThat(connector.emailKey()).isEqualToIgnoringCase("LOWER(email)");
        assertThat(connector.findByEmails(List.of("ann.lee@example.com"))).containsOnlyKeys("ann.lee@example.com");
        assertThat(connector.findByEmail("ANN.LEE@example.com")).map(CrmRecord::id).contains("a");
        if (db.settings().url().startsWith("jdbc:h2")) {
            assertThat(connector.warnings()).as("H2 cannot index LOWER(email)").singleElement().asString()
                    .startsWith("sync.crm.jdbc.email-column = 'email': table crm_contact has no generated column LOWER(email)")
                    .contains("CREATE INDEX");
        } else {
            assertThat(connector.warnings()).as("PostgreSQL can: an index on lower(email)").isEmpty();
        }
    }

    @Test
    void should_return_the_database_clock_as_a_utc_instant_when_asked_for_now() {
        Instant before = Instant.now().minusSeconds(2);

        Instant now = connector().now();

        assertThat(now).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(now.getNano() % 1_000).as("at the updated-at column's micro-second precision").isZero();
    }

    @Test
    void should_warn_with_table_column_and_count_when_rows_have_a_null_updated_at() {
        insert("a", "a@x.example", T0);
        assertThat(connector().warnings()).as("NOT NULL column").isEmpty();
        allowNullUpdatedAt();
        assertThat(connector().warnings()).as("nullable, but every row has a value").isEmpty();
        insert("n1", "n1@x.example", null);
        insert("n2", "n2@x.example", null);

        List<String> warnings = connector().warnings();

        assertThat(warnings).singleElement().asString()
                .contains("sync.crm.jdbc.updated-at-column = 'updated_at'", "2 row(s) of table crm_contact",
                        "NULL updated_at", "only by a full resync", "UPDATE crm_contact SET updated_at = CURRENT_TIMESTAMP"
                                + " WHERE updated_at IS NULL", "NOT NULL");
    }

    @Test
    void should_return_only_existing_records_when_finding_more_ids_than_one_in_list_holds() {
        IntStream.range(0, 600).forEach(i -> insert("id" + i, i + "@x.example", T0.plusSeconds(i)));
        List<String> wanted = IntStream.range(0, 1200).mapToObj(i -> "id" + i).toList();

        Map<String, CrmRecord> found = connector().findByIds(wanted);

        assertThat(found).hasSize(600).containsKeys("id0", "id599").doesNotContainKey("id600");
        assertThat(found.get("id42").fields()).containsEntry("email", "42@x.example");
    }

    @Test
    void should_fail_with_a_crm_exception_when_used_after_close() {
        JdbcCrmConnector own = new JdbcCrmConnector(settings(), clock);
        insert("a", "a@x.example", T0);
        assertThat(own.readChanges(CrmPosition.from(Instant.EPOCH), 5).records()).hasSize(1);

        own.close();

        assertThatThrownBy(() -> own.readChanges(CrmPosition.from(Instant.EPOCH), 5))
                .isInstanceOf(CrmException.class).hasMessageContaining("read changes");
    }

    private static String problem(String key, String value) {
        return "sync.crm.jdbc." + key + " = '" + value + "': is not a column of the table (the table has id, email,"
                + " first_name, last_name, company, job_title, phone, city, country, tier, email_opt_out, deleted,"
                + " updated_at, email_lower)";
    }
}
