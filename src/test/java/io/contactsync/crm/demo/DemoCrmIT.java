package io.contactsync.crm.demo;

import io.contactsync.crm.CrmException;
import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.TestClock;
import io.contactsync.crm.jdbc.JdbcCrmConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoCrmIT {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));
    private DataSource ds;
    private DemoCrm crm;

    @BeforeEach
    void open() {
        ds = DemoCrm.h2("jdbc:h2:file:" + dir.resolve("demo-crm").toAbsolutePath());
        crm = new DemoCrm(ds, clock);
    }

    @Test
    void should_create_the_table_with_the_specified_columns_once_when_missing() throws SQLException {
        assertThat(crm.createTableIfMissing()).isTrue();
        assertThat(crm.createTableIfMissing()).isFalse();

        List<String> columns = new ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getColumns(null, null, "CRM_CONTACT", null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase() + " " + rs.getString("TYPE_NAME"));
            }
        }
        assertThat(columns).containsExactly("id CHARACTER VARYING", "email CHARACTER VARYING",
                "first_name CHARACTER VARYING", "last_name CHARACTER VARYING", "company CHARACTER VARYING",
                "job_title CHARACTER VARYING", "phone CHARACTER VARYING", "city CHARACTER VARYING",
                "country CHARACTER VARYING", "tier CHARACTER VARYING", "email_opt_out BOOLEAN", "deleted BOOLEAN",
                "updated_at TIMESTAMP WITH TIME ZONE", "email_lower CHARACTER VARYING");
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getIndexInfo(null, null, "CRM_CONTACT", false, false)) {
            List<String> indexed = new ArrayList<>();
            while (rs.next()) {
                indexed.add(rs.getString("INDEX_NAME").toLowerCase() + ":" + rs.getString("COLUMN_NAME").toLowerCase());
            }
            assertThat(indexed).contains("crm_contact_updated_at_id:updated_at", "crm_contact_updated_at_id:id",
                    "crm_contact_email_lower:email_lower");
        }
    }

    @Test
    void should_add_the_indexed_lower_case_email_to_an_older_demo_file_with_its_rows_filled_when_opened_again()
            throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(DemoCrm.CREATE_TABLE);
            st.execute("INSERT INTO crm_contact (id, email, updated_at) VALUES ('a', 'Ann.Lee@Example.COM', CURRENT_TIMESTAMP)");
        }

        assertThat(crm.createTableIfMissing()).isFalse();

        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email_lower FROM crm_contact WHERE id = 'a'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ann.lee@example.com");
        }
    }

    @Test
    void should_show_edits_and_deletes_as_later_changes_when_the_demo_changes_rows() {
        crm.createTableIfMissing();
        new DemoCrmSeeder(3, clock).seed(ds, 20);
        try (JdbcCrmConnector connector = new JdbcCrmConnector(ds, DemoCrm.connectorSettings("jdbc:h2:unused"), clock)) {
            CrmPage all = connector.readChanges(CrmPosition.from(Instant.EPOCH), 100);

            Instant edited = clock.advance(Duration.ofMinutes(1));
            assertThat(crm.edit("c000005", "city", "Lisbon")).isEqualTo(edited);
            clock.advance(Duration.ofMinutes(1));
            crm.edit("c000006", "email_opt_out", true);
            clock.advance(Duration.ofMinutes(1));
            crm.delete("c000007");

            List<CrmRecord> changes = connector.readChanges(all.last(), 100).records();
            assertThat(changes).extracting(CrmRecord::id).containsExactly("c000005", "c000006", "c000007");
            assertThat(changes.get(0).fields()).containsEntry("city", "Lisbon");
            assertThat(changes.get(1).fields()).containsEntry("email_opt_out", true);
            assertThat(changes.get(2).deleted()).isTrue();
        }
    }

    @Test
    void should_refuse_an_edit_when_the_column_or_the_row_is_unknown() {
        crm.createTableIfMissing();

        assertThatThrownBy(() -> crm.edit("c000001", "id", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an editable demo column");
        assertThatThrownBy(() -> crm.edit("nope", "city", "x")).isInstanceOf(CrmException.class)
                .hasMessageContaining("no contact with id 'nope'");
    }
}
