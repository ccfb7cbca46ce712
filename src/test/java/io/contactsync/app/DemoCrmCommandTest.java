package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code demo-crm} writes only the demo CRM: an H2 file or PostgreSQL, never another database it was pointed at. */
class DemoCrmCommandTest {

    @TempDir
    Path dir;

    @Test
    void should_refuse_with_exit_2_naming_the_key_when_the_crm_is_neither_h2_nor_postgresql() throws Exception {
        Path config = Files.writeString(dir.resolve("crm.properties"),
                "sync.crm.jdbc.url=jdbc:mysql://db:3306/crm?password=hunter2\n");
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ContactSyncMain());
        cmd.setErr(new PrintWriter(err));

        int exit = cmd.execute("demo-crm", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("sync.crm.jdbc.url = 'jdbc:mysql://db:3306/crm?password=***' is neither an H2 nor a PostgreSQL database")
                .doesNotContain("hunter2");
    }
}
