package io.contactsync.crm.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.CrmConnector.DeletePolicy;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.CrmWriteException;
import io.contactsync.crm.WriteOutcome;
import io.contactsync.crm.demo.DemoCrm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The write side of {@link JdbcCrmConnector}, run against each real database by a subclass. */
abstract class JdbcCrmConnectorWritesContract extends ConnectorSuiteBase {

    @Test
    void should_update_only_given_fields_and_insert_new_records_with_generated_ids_when_upserting() {
        insert("a", "a@x.example", T0);
        Map<String, Object> newFields = new HashMap<>(Map.of("email", "new@x.example", "email_opt_out", "true"));
        newFields.put("tier", null);

        List<CrmRecord> stored = connector().upsert(List.of(
                new CrmRecord("a", Map.of("first_name", "Anna"), null, false),
                new CrmRecord(null, newFields, null, false),
                new CrmRecord("given-id", Map.of("email", "given@x.example"), null, false)));

        assertThat(stored).extracting(CrmRecord::id).containsExactly("a", "gen-1", "given-id");
        assertThat(stored).allSatisfy(r -> assertThat(r.updatedAt()).isEqualTo(clock.instant()));
        assertThat(stored.get(0).fields()).isEqualTo(Map.of("first_name", "Anna"));
        assertThat(stored.get(1).fields()).containsEntry("email_opt_out", true).containsEntry("tier", null);
        assertThat(column("a", "first_name")).isEqualTo("Anna");
        assertThat(column("a", "last_name")).isEqualTo("Last a");
        assertThat(column("a", "tier")).isEqualTo("gold");
        assertThat(column("a", "updated_at")).isEqualTo(clock.instant());
        assertThat(column("gen-1", "email_opt_out")).isEqualTo(true);
        Map<String, CrmRecord> reread = connector().findByIds(List.of("a", "gen-1", "given-id"));
        assertThat(reread.get("gen-1").fields()).containsAllEntriesOf(stored.get(1).fields());
        assertThat(reread.get("given-id").updatedAt()).isEqualTo(stored.get(2).updatedAt());
    }

    @Test
    void should_store_converted_values_that_read_back_equal_when_columns_have_other_sql_types() {
        db.execute("CREATE TABLE crm_typed (id VARCHAR(64) PRIMARY KEY, email VARCHAR(255), vip BOOLEAN,"
                + " score INTEGER, revenue NUMERIC(12,2), birthday DATE, last_seen TIMESTAMP WITH TIME ZONE,"
                + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        JdbcCrmConnector connector = connector(settings().withTable("crm_typed").withKeyColumns("id", "updated_at", null));

        CrmRecord stored = connector.upsert(List.of(new CrmRecord("t1", Map.of("vip", "TRUE", "score", "42",
                "revenue", "12.5", "birthday", "1990-05-17", "last_seen", "2024-05-01T12:30:00.5+02:00"),
                null, false))).get(0);
        CrmRecord read = connector.readChanges(CrmPosition.from(Instant.EPOCH), 10).records().get(0);

        assertThat(stored.fields()).containsEntry("vip", true).containsEntry("score", 42L)
                .containsEntry("revenue", new BigDecimal("12.50")).containsEntry("birthday", "1990-05-17")
                .containsEntry("last_seen", Instant.parse("2024-05-01T10:30:00.5Z"));
        assertThat(read.fields()).containsAllEntriesOf(stored.fields());
        assertThat(read.updatedAt()).isEqualTo(stored.updatedAt());
    }

    @Test
    void should_name_record_column_and_value_and_roll_back_the_batch_when_a_value_does_not_convert() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);

        assertThatThrownBy(() -> connector().upsert(List.of(
                new CrmRecord("a", Map.of("city", "Rome"), null, false),
                new CrmRecord(null, Map.of("email", "n@x.example"), null, false),
                new CrmRecord("b", Map.of("email_opt_out", "maybe"), null, false))))
                .isInstanceOfSatisfying(CrmWriteException.class, e -> {
                    assertThat(e.recordId()).isEqualTo("b");
                    assertThat(e.batchIndex()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("email_opt_out");
                    assertThat(e.getMessage()).contains("record 'b'", "'maybe'", "email_opt_out", "not a boolean");
                });

        assertThat(column("a", "city")).isEqualTo("Berlin");
        assertThat(column("a", "updated_at")).isEqualTo(T0);
        assertThat(count("crm_contact")).isEqualTo(2);
    }

    @Test
    void should_refuse_the_record_and_keep_the_table_when_a_value_is_longer_than_its_column() {
        insert("a", "a@x.example", T0);

        assertThatThrownBy(() -> connector().upsert(List.of(
                new CrmRecord(null, Map.of("email", "ok@x.example"), null, false),
                new CrmRecord("a", Map.of("phone", "5".repeat(51)), null, false))))
                .isInstanceOfSatisfying(CrmWriteException.class, e -> assertThat(e.getMessage())
                        .contains("record 'a'", "phone", "51 characters", "at most 50"));

        assertThat(count("crm_contact")).isEqualTo(1);
    }

    @Test
    void should_keep_the_database_precision_of_updated_at_when_the_clock_has_nanoseconds() {
        clock.set(Instant.parse("2025-03-02T08:00:00.123456789Z"));

        CrmRecord stored = connector().upsert(List.of(new CrmRecord(null, Map.of("email", "p@x.example"), null, false)))
                .get(0);
        CrmRecord read = connector().readChanges(CrmPosition.from(Instant.EPOCH), 5).records().get(0);

        assertThat(stored.updatedAt()).isEqualTo(Instant.parse("2025-03-02T08:00:00.123456Z"));
        assertThat(read.updatedAt()).isEqualTo(stored.updatedAt());
        assertThat(connector().readChanges(new CrmPosition(read.updatedAt(), read.id()), 5).records()).isEmpty();
    }

    @Test
    void should_flag_and_bump_updated_at_only_once_when_policy_is_flag() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);
        JdbcCrmConnector connector = connector();

        connector.markDeleted(List.of("a", "missing"), DeletePolicy.FLAG);
        Instant firstFlag = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        connector.markDeleted(List.of("a"), DeletePolicy.FLAG);

        assertThat(column("a", "deleted")).isEqualTo(true);
        assertThat(column("a", "updated_at")).isEqualTo(firstFlag);
        assertThat(column("b", "deleted")).isEqualTo(false);
        assertThat(connector.findByIds(List.of("a")).get("a").deleted()).isTrue();
        assertThat(connector.readChanges(new CrmPosition(T0, "b"), 5).records())
                .singleElement().satisfies(r -> assertThat(r.deleted()).isTrue());
    }

    @Test
    void should_remove_rows_when_policy_is_delete_and_keep_them_when_policy_is_ignore() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);

        connector().markDeleted(List.of("a"), DeletePolicy.DELETE);
        connector().markDeleted(List.of("b"), DeletePolicy.IGNORE);

        assertThat(connector().findByIds(List.of("a", "b"))).containsOnlyKeys("b");
        assertThat(column("b", "updated_at")).isEqualTo(T0);
    }

    @Test
    void should_refuse_flag_policy_when_there_is_no_deleted_column() {
        db.execute("CREATE TABLE crm_plain (id VARCHAR(64) PRIMARY KEY, email VARCHAR(255),"
                + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        JdbcCrmConnector connector = connector(settings().withTable("crm_plain").withKeyColumns("id", "updated_at", null));

        assertThatThrownBy(() -> connector.checkDeletePolicy(DeletePolicy.FLAG))
                .isInstanceOf(CrmConfigurationException.class)
                .hasMessageContaining("sync.crm.jdbc.deleted-column = (not set)").hasMessageContaining("FLAG");
        assertThatThrownBy(() -> connector.markDeleted(List.of("x"), DeletePolicy.FLAG))
                .isInstanceOf(CrmConfigurationException.class);
        connector.checkDeletePolicy(DeletePolicy.DELETE);
    }

    @Test
    void should_write_the_last_values_when_one_id_appears_twice_in_a_batch() {
        insert("a", "a@x.example", T0);

        List<CrmRecord> stored = connector().upsert(List.of(
                new CrmRecord("a", Map.of("city", "Rome", "tier", "silver"), null, false),
                new CrmRecord("a", Map.of("city", "Oslo"), null, false)));

        assertThat(stored).hasSize(2);
        assertThat(column("a", "city")).isEqualTo("Oslo");
        assertThat(column("a", "tier")).isEqualTo("silver");
    }

    @Test
    void should_fail_the_whole_batch_when_a_field_is_not_a_mapped_column() {
        insert("a", "a@x.example", T0);

        assertThatThrownBy(() -> connector(settings().withColumns(List.of("first_name")))
                .upsert(List.of(new CrmRecord("a", Map.of("city", "Rome"), null, false))))
                .isNotInstanceOf(CrmWriteException.class)
                .hasMessageContaining("'city', which is not a mapped column");
        assertThat(column("a", "city")).isEqualTo("Berlin");
    }

    @Test
    void should_keep_the_crm_edit_and_report_stale_with_the_current_row_when_the_row_changed_since_it_was_read() {
        // given a row read by the engine, then edited in the CRM
        insert("a", "a@x.example", T0);
        JdbcCrmConnector connector = connector();
        CrmRecord read = connector.findByIds(List.of("a")).get("a");
        clock.advance(Duration.ofMinutes(1));
        Instant edited = new DemoCrm(db.dataSource(), clock).edit("a", "city", "Rome");
        clock.advance(Duration.ofMinutes(1));

        // when an older value is written back on the condition that the row is unchanged
        List<WriteOutcome> outcomes = connector.upsertIfUnchanged(
                List.of(new CrmRecord("a", Map.of("city", "Oslo", "tier", "silver"), null, false)),
                Map.of("a", read.updatedAt()));

        // then nothing is written and the caller gets the row as it is now
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(WriteOutcome.Status.STALE);
            assertThat(o.id()).isEqualTo("a");
            assertThat(o.record().fields()).containsEntry("city", "Rome").containsEntry("tier", "gold");
            assertThat(o.record().updatedAt()).isEqualTo(edited);
        });
        assertThat(column("a", "city")).isEqualTo("Rome");
        assertThat(column("a", "tier")).isEqualTo("gold");
        assertThat(column("a", "updated_at")).isEqualTo(edited);
    }

    @Test
    void should_write_unchanged_rows_creates_and_unconditional_records_in_input_order_when_one_row_is_stale() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0.plusSeconds(1));
        insert("c", "c@x.example", T0.plusSeconds(2));
        JdbcCrmConnector connector = connector();
        Map<String, CrmRecord> read = connector.findByIds(List.of("a", "b"));
        new DemoCrm(db.dataSource(), clock).edit("b", "city", "Rome");

        List<WriteOutcome> outcomes = connector.upsertIfUnchanged(List.of(
                        new CrmRecord("a", Map.of("city", "Oslo"), null, false),
                        new CrmRecord("b", Map.of("city", "Oslo"), null, false),
                        new CrmRecord(null, Map.of("email", "new@x.example"), null, false),
                        new CrmRecord("c", Map.of("city", "Oslo"), null, false)),
                Map.of("a", read.get("a").updatedAt(), "b", read.get("b").updatedAt()));

        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.WRITTEN,
                WriteOutcome.Status.STALE, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes).extracting(WriteOutcome::id).containsExactly("a", "b", "gen-1", "c");
        assertThat(outcomes.get(0).record()).isEqualTo(new CrmRecord("a", Map.of("city", "Oslo"), clock.instant(), false));
        assertThat(column("a", "city")).isEqualTo("Oslo");
        assertThat(column("a", "updated_at")).isEqualTo(clock.instant());
        assertThat(column("b", "city")).isEqualTo("Rome");
        assertThat(column("c", "city")).isEqualTo("Oslo");
        assertThat(column("gen-1", "email")).isEqualTo("new@x.example");
    }

    @Test
    void should_write_when_the_expected_updated_at_is_finer_than_the_column_and_match_a_null_one_as_the_epoch() {
        Instant micros = Instant.parse("2025-03-01T10:00:00.123456Z");
        insert("a", "a@x.example", micros);
        allowNullUpdatedAt();
        insert("n", "n@x.example", null);
        JdbcCrmConnector connector = connector();
        CrmRecord readNull = connector.findByIds(List.of("n")).get("n");

        List<WriteOutcome> outcomes = connector.upsertIfUnchanged(List.of(
                        new CrmRecord("a", Map.of("city", "Oslo"), null, false),
                        new CrmRecord("n", Map.of("city", "Oslo"), null, false)),
                Map.of("a", micros.plusNanos(789), "n", readNull.updatedAt()));

        assertThat(readNull.updatedAt()).isEqualTo(Instant.EPOCH);
        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.WRITTEN);
        assertThat(column("n", "city")).isEqualTo("Oslo");
        assertThat(column("n", "updated_at")).isEqualTo(clock.instant());
    }

    @Test
    void should_report_gone_and_not_recreate_the_row_when_it_was_deleted_since_it_was_read() {
        insert("a", "a@x.example", T0);
        JdbcCrmConnector connector = connector();
        Instant read = connector.findByIds(List.of("a")).get("a").updatedAt();
        db.execute("DELETE FROM crm_contact WHERE id = 'a'");

        List<WriteOutcome> outcomes = connector.upsertIfUnchanged(
                List.of(new CrmRecord("a", Map.of("city", "Oslo"), null, false)), Map.of("a", read));

        assertThat(outcomes).containsExactly(WriteOutcome.gone("a"));
        assertThat(count("crm_contact")).isZero();
    }

    @Test
    void should_name_the_record_and_write_nothing_when_a_value_does_not_convert_in_a_conditional_batch() {
        insert("a", "a@x.example", T0);
        insert("b", "b@x.example", T0);

        assertThatThrownBy(() -> connector().upsertIfUnchanged(List.of(
                        new CrmRecord("a", Map.of("city", "Rome"), null, false),
                        new CrmRecord("b", Map.of("email_opt_out", "maybe"), null, false)),
                Map.of("a", T0, "b", T0)))
                .isInstanceOfSatisfying(CrmWriteException.class, e -> {
                    assertThat(e.recordId()).isEqualTo("b");
                    assertThat(e.batchIndex()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo("email_opt_out");
                });
        assertThat(column("a", "city")).isEqualTo("Berlin");
    }
}
