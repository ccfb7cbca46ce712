package io.contactsync.observe;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LogLayout layout(String format, ZoneId zone) {
        LogLayout l = new LogLayout();
        l.setContext(new LoggerContext());
        l.setFormat(format);
        l.zone(zone);
        l.start();
        return l;
    }

    private static LoggingEvent event(Throwable thrown) {
        return event(thrown, Map.of("run", "42"));
    }

    private static LoggingEvent event(Throwable thrown, Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        LoggingEvent e = new LoggingEvent("x", context.getLogger("io.contactsync.sync.RunRecorder"), Level.WARN,
                "crm-to-ctct {}: \"quoted\"\nsecond line", thrown, new Object[] {"partial"});
        e.setThreadName("worker-1");
        e.setTimeStamp(1_764_597_787_123L);
        e.setMDCPropertyMap(mdc);
        return e;
    }

    @Test
    void should_write_one_json_line_with_an_offset_timestamp_mdc_and_the_stack_trace_as_a_string() throws Exception {
        String line = layout("json", ZoneId.of("Europe/Berlin")).doLayout(event(new IllegalStateException("boom")));

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.path("timestamp").asText()).isEqualTo("2025-12-01T15:03:07.123+01:00");
        assertThat(OffsetDateTime.parse(n.path("timestamp").asText()).toInstant().toEpochMilli()).isEqualTo(1_764_597_787_123L);
        assertThat(n.path("level").asText()).isEqualTo("WARN");
        assertThat(n.path("logger").asText()).isEqualTo("io.contactsync.sync.RunRecorder");
        assertThat(n.path("thread").asText()).isEqualTo("worker-1");
        assertThat(n.path("message").asText()).isEqualTo("crm-to-ctct partial: \"quoted\"\nsecond line");
        assertThat(n.path("mdc").path("run").asText()).isEqualTo("42");
        assertThat(n.path("stack_trace").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("at io.contactsync.observe.LogLayoutTest");
    }

    @Test
    void should_leave_out_mdc_and_stack_trace_when_there_are_none_and_use_z_for_utc() throws Exception {
        LoggingEvent e = event(null, Map.of());

        JsonNode n = JSON.readTree(layout("JSON", ZoneId.of("UTC")).doLayout(e));

        assertThat(n.path("timestamp").asText()).isEqualTo("2025-12-01T14:03:07.123Z");
        assertThat(n.has("mdc")).isFalse();
        assertThat(n.has("stack_trace")).isFalse();
    }

    @Test
    void should_write_text_by_default_and_for_an_unknown_format() {
        assertThat(layout("text", ZoneId.of("UTC")).doLayout(event(null))).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.123 WARN  \\[worker-1] .*");
        assertThat(layout("xml", ZoneId.of("UTC")).doLayout(event(null))).doesNotStartWith("{");
    }
}
