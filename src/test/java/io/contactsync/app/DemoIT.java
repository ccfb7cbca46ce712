package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo's report must be true, every line checked against both sides. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void should_report_every_scenario_as_verified_when_the_demo_runs() throws Exception {
        StringWriter text = new StringWriter();

        int exit = new Demo(new PrintWriter(text), dir.resolve("demo"), false).run();

        String report = text.toString();
        assertThat(report).doesNotContain("[FAIL]").doesNotContain(" failed in ");
        assertThat(exit).as(report).isZero();
        assertThat(report.lines().filter(l -> l.contains("[ok]"))).hasSize(7);
        assertThat(report).contains("\"spec_violations\":0").contains("\"truncations\":0");
    }
}
