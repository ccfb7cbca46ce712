package io.contactsync.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate} shows the CRM connector's warnings without failing on them. */
class ValidateCrmWarningsIT {

    @TempDir
    Path dir;
    Testbed bed;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(3);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_warn_naming_table_and_column_when_crm_rows_have_a_null_updated_at() throws Exception {
        execute(bed.crmDataSource(), "ALTER TABLE crm_contact ALTER COLUMN updated_at DROP NOT NULL",
                "UPDATE crm_contact SET updated_at = NULL WHERE id = 'c000002'");

        int code = new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("validate", "--config", bed.writeConfig().toString());

        assertThat(out.toString()).as(err.toString()).contains("crm: ok (crm_contact)")
                .contains("crm: warning: sync.crm.jdbc.updated-at-column = 'updated_at': 1 row(s) of table"
                        + " crm_contact have a NULL updated_at", "only by a full resync");
        assertThat(code).as(out.toString()).isZero();
    }

    private static void execute(DataSource ds, String... statements) throws Exception {
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
