package io.contactsync.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.app.ContactSyncMain;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log format switch, in a real child JVM running {@code contact-sync sync} against the sandbox: with
 * {@code LOG_FORMAT=json} (or {@code -Dcontactsync.log.format=json}) every line on stderr is one JSON object with a
 * dated ISO-8601 timestamp; without it the text format stays.
 */
class JsonLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    Path config;

    record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(5);
        bed.createTierField();
        // The child process opens the H2 files itself.
        bed.stopEngine();
        config = bed.writeConfig();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_write_every_log_line_as_one_json_object_with_a_dated_timestamp_when_log_format_is_json() throws Exception {
        Run ok = child(List.of(), "json");

        assertThat(ok.exit()).as(ok.toString()).isZero();
        List<JsonNode> lines = parseAll(ok.stderr());
        assertThat(lines).as("the cycle's summary line").anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("INFO");
            assertThat(l.path("logger").asText()).isEqualTo("io.contactsync.sync.RunRecorder");
            assertThat(l.path("message").asText()).startsWith("crm-to-ctct succeeded");
        });
        assertThat(ok.stdout()).as("stdout holds the command's output, no log line")
                .noneMatch(l -> l.startsWith("{\"timestamp\"") || l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
    }

    @Test
    void should_log_a_failed_cycle_at_error_as_json_when_the_system_property_asks_for_it() throws Exception {
        bed.control().addFaults("{\"endpoint\": \"GET /v3/contact_custom_fields*\", \"status\": 400}").requireOk();

        Run failed = child(List.of("-Dcontactsync.log.format=json"), null);

        assertThat(failed.exit()).as(failed.toString()).isNotZero();
        List<JsonNode> lines = parseAll(failed.stderr());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("ERROR");
            assertThat(l.path("message").asText()).startsWith("crm-to-ctct failed");
        });
    }

    @Test
    void should_keep_the_text_format_by_default() throws Exception {
        Run text = child(List.of(), null);

        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.stderr()).isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*"));
    }

    /** Every line parses as JSON with the documented fields; the timestamp is ISO-8601 with an offset. */
    private static List<JsonNode> parseAll(List<String> stderr) throws IOException {
        assertThat(stderr).as("some log lines").isNotEmpty();
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : stderr) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            for (String field : new String[] {"timestamp", "level", "logger", "thread", "message"}) {
                assertThat(n.path(field).isTextual()).as(field + " in " + line).isTrue();
            }
            assertThat(n.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
            OffsetDateTime.parse(n.path("timestamp").asText());
            parsed.add(n);
        }
        return parsed;
    }

    private Run child(List<String> jvmOptions, String logFormat) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.addAll(List.of(ContactSyncMain.class.getName(), "sync", "--config", config.toString(),
                "--direction", "crm-to-ctct"));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("LOG_FORMAT");
        if (logFormat != null) {
            pb.environment().put("LOG_FORMAT", logFormat);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 120 s");
        }
        return new Run(p.exitValue(), lines(out), lines(err));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
