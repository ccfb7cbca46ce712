package io.contactsync.observe;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The engine's log layout (logback.xml): {@code text} (the default) is the pattern as before; {@code json} writes
 * one JSON object per line with {@code timestamp} (ISO-8601 with the offset, in the JVM's zone:
 * {@code 2026-12-01T14:03:07.123+01:00}), {@code level}, {@code logger}, {@code thread}, {@code message}, {@code mdc}
 * (when there is any) and {@code stack_trace} (as one string, when there is one). Chosen by the environment variable
 * {@code LOG_FORMAT} or the system property {@code contactsync.log.format}; an unknown value falls back to text
 * with one warning. Logback's own JsonEncoder writes epoch milliseconds, hence this class.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            Locale.ROOT);

    private final PatternLayout text = new PatternLayout();
    private String format = "text";
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private boolean json;
    private ZoneId zone = ZoneId.systemDefault();

    public void setFormat(String format) {
        this.format = format;
    }

    /** The zone of the timestamps (the JVM's by default); for tests. */
    void zone(ZoneId zone) {
        this.zone = zone;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        String f = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
        json = "json".equals(f);
        if (!json && !"text".equals(f) && !f.isEmpty()) {
            addWarn("LOG_FORMAT / contactsync.log.format '" + format + "' is neither text nor json: logging as text");
        }
        text.setContext(getContext());
        text.setPattern(pattern);
        text.start();
        super.start();
    }

    @Override
    public void stop() {
        text.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return json ? json(event) : text.doLayout(event);
    }

    String json(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                g.writeObjectFieldStart("mdc");
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("stack_trace", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; keep the line rather than lose the event.
            return "{\"level\":\"ERROR\",\"message\":\"log event could not be written as JSON\"}" + CoreConstants.LINE_SEPARATOR;
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
