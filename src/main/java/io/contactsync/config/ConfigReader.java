package io.contactsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * Typed reads of {@link ConfigCatalogue} keys over a {@link ConfigSource} that collect every problem instead of
 * failing on the first, in the Debezium way: {@link #done()} throws one {@link ConfigurationException} naming each
 * key, value and reason. Defaults and accepted values come from the {@link ConfigKey}. Values of secret keys are
 * never echoed. Warnings (accepted, but probably not what was meant) are collected apart.
 */
public final class ConfigReader {

    /** A whole value that is one environment reference, with an optional default after the second colon. */
    private static final Pattern ENV_ONLY = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final ConfigSource source;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    public ConfigSource source() {
        return source;
    }

    public void problem(String key, String reason) {
        problems.add(key + (source.get(key) == null ? "" : " = " + shown(key)) + ": " + reason);
    }

    public void warning(String key, String reason) {
        warnings.add(key + (source.get(key) == null ? "" : " = " + shown(key)) + ": " + reason);
    }

    private String shown(String key) {
        return ConfigCatalogue.isSecret(key) ? "****" : "'" + source.get(key) + "'";
    }

    /** Refuses every {@code sync.*} key the catalogue does not declare, wherever it was set. */
    public void checkKeys() {
        for (String key : source.keys()) {
            ConfigCatalogue.unknownKeyProblem(key).ifPresent(p -> problems.add(p + origin(key)));
        }
    }

    private String origin(String key) {
        String origin = source.origin(key);
        return origin == null ? "" : " (set in " + origin + ")";
    }

    public String string(ConfigKey key) {
        String v = source.get(key.name());
        if (v == null && key.required()) {
            problems.add(key.name() + ": is required");
        }
        return v == null ? key.defaultValue() : v;
    }

    /**
     * A secret: must be given as an environment reference ({@code ${env:NAME}}), never as a literal in a file nor
     * as the default of a reference ({@code ${env:NAME:literal}}), so that it cannot end up in version control or
     * in a log of the configuration.
     */
    public String secret(ConfigKey key) {
        String name = key.name();
        String raw = source.rawValue(name);
        if (raw != null && !raw.isBlank()) {
            Matcher m = ENV_ONLY.matcher(raw.trim());
            if (!m.matches()) {
                problems.add(name + ": secrets come only from the environment; write " + name + "=${env:"
                        + key.envName() + "}");
                return null;
            }
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                problems.add(name + ": the default of ${env:" + m.group(1) + ":…} is a literal secret; secrets come only"
                        + " from the environment; write " + name + "=${env:" + key.envName() + "}");
                return null;
            }
        }
        String v = source.get(name);
        if (v == null && key.required()) {
            problems.add(name + ": is required; set the environment variable " + key.envName());
        }
        return v;
    }

    public int integer(ConfigKey key) {
        int defaultValue = Integer.parseInt(key.defaultValue());
        String v = source.get(key.name());
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < key.min() || i > key.max()) {
                problem(key.name(), "must be between " + key.min() + " and " + key.max());
                return defaultValue;
            }
            return i;
        } catch (NumberFormatException e) {
            problem(key.name(), "is not a whole number");
            return defaultValue;
        }
    }

    public boolean bool(ConfigKey key) {
        boolean defaultValue = Boolean.parseBoolean(key.defaultValue());
        String v = source.get(key.name());
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key.name(), "must be true or false");
                yield defaultValue;
            }
        };
    }

    /**
     * ISO-8601 ({@code PT2M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d};
     * never negative, and zero only where the key allows it.
     */
    public Duration duration(ConfigKey key) {
        Duration defaultValue = parseDuration(key.defaultValue());
        String v = source.get(key.name());
        if (v == null) {
            return defaultValue;
        }
        Duration d;
        try {
            d = parseDuration(v);
        } catch (RuntimeException e) {
            problem(key.name(), "is not a duration (examples: PT2M, 500ms, 30s, 2m, 1h)");
            return defaultValue;
        }
        if (d.isNegative()) {
            problem(key.name(), "must not be negative");
            return defaultValue;
        }
        if (d.isZero() && !key.zeroAllowed()) {
            problem(key.name(), "must be greater than zero");
            return defaultValue;
        }
        return d;
    }

    static Duration parseDuration(String v) {
        String t = v.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("P") || t.toUpperCase(Locale.ROOT).startsWith("-P")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        String s = t.toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new NumberFormatException();
        };
    }

    public <E extends Enum<E>> E enumValue(ConfigKey key, Class<E> type) {
        E defaultValue = Enum.valueOf(type, constant(key.defaultValue()));
        String v = source.get(key.name());
        if (v == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, constant(v));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            problem(key.name(), "must be one of " + String.join(", ", names));
            return defaultValue;
        }
    }

    private static String constant(String v) {
        return v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public URI httpUrl(ConfigKey key) {
        String v = string(key);
        try {
            URI u = URI.create(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                problem(key.name(), "must be an http(s) URL with a host");
                return null;
            }
            return u;
        } catch (IllegalArgumentException e) {
            problem(key.name(), "is not a URL");
            return null;
        }
    }

    public Path path(ConfigKey key) {
        String v = string(key);
        try {
            return v == null ? null : Path.of(v);
        } catch (RuntimeException e) {
            problem(key.name(), "is not a file path");
            return null;
        }
    }

    /** A Quartz cron; blank (written as {@code key=}) or {@code off} turns the schedule off and is returned as is. */
    public String cron(ConfigKey key) {
        String raw = source.rawValue(key.name());
        if (raw != null && (raw.isBlank() || "off".equalsIgnoreCase(raw.trim()))) {
            return raw.trim();
        }
        String v = string(key);
        if (v != null && !CronExpression.isValidExpression(v.trim())) {
            problem(key.name(), "is not a Quartz cron (seconds minutes hours day-of-month month day-of-week,"
                    + " e.g. 0 */5 * * * ?), nor blank or off");
            return key.defaultValue();
        }
        return v;
    }

    /** Throws one exception with every problem collected, if any. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
