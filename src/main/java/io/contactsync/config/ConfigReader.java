package io.contactsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed reads over a {@link ConfigSource} that collect every problem instead of failing on the first, in the
 * Debezium way: {@link #done()} throws one {@link ConfigurationException} naming each key, value and reason.
 * Values of keys in {@link #SECRET_KEYS} are never echoed.
 */
public final class ConfigReader {

    static final Set<String> SECRET_KEYS = Set.of("sync.ctct.client-secret", "sync.ctct.refresh-token",
            "sync.crm.jdbc.password", "sync.state.jdbc.password", "sync.admin.token");

    private final ConfigSource source;
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    public ConfigSource source() {
        return source;
    }

    public void problem(String key, String reason) {
        problems.add(key + (source.get(key) == null ? "" : " = " + shown(key)) + ": " + reason);
    }

    private String shown(String key) {
        return SECRET_KEYS.contains(key) ? "****" : "'" + source.get(key) + "'";
    }

    public String string(String key, String defaultValue) {
        String v = source.get(key);
        return v == null ? defaultValue : v;
    }

    public String required(String key) {
        String v = source.get(key);
        if (v == null) {
            problems.add(key + ": is required");
        }
        return v;
    }

    /**
     * A secret: must be given as an environment reference ({@code ${env:NAME}}), never as a literal in a file,
     * so that it cannot end up in version control or in a log of the configuration.
     */
    public String secret(String key, String envName, boolean required) {
        String raw = source.rawValue(key);
        if (raw != null && !raw.isBlank() && !raw.contains("${env:")) {
            problems.add(key + ": secrets come only from the environment; write " + key + "=${env:" + envName + "}");
            return null;
        }
        String v = source.get(key);
        if (v == null && required) {
            problems.add(key + ": is required; set the environment variable " + envName);
        }
        return v;
    }

    public int intIn(String key, int defaultValue, int min, int max) {
        String v = source.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(key, "must be between " + min + " and " + max);
                return defaultValue;
            }
            return i;
        } catch (NumberFormatException e) {
            problem(key, "is not a whole number");
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = source.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, "must be true or false");
                yield defaultValue;
            }
        };
    }

    /** ISO-8601 ({@code PT2M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    public Duration duration(String key, Duration defaultValue) {
        String v = source.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            String s = v.toLowerCase(Locale.ROOT);
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
        } catch (RuntimeException e) {
            problem(key, "is not a duration (examples: PT2M, 500ms, 30s, 2m, 1h)");
            return defaultValue;
        }
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = source.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            problem(key, "must be one of " + String.join(", ", names));
            return defaultValue;
        }
    }

    public URI httpUrl(String key, String defaultValue) {
        String v = string(key, defaultValue);
        try {
            URI u = URI.create(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                problem(key, "must be an http(s) URL with a host");
                return null;
            }
            return u;
        } catch (IllegalArgumentException e) {
            problem(key, "is not a URL");
            return null;
        }
    }

    public Path path(String key, String defaultValue) {
        String v = string(key, defaultValue);
        try {
            return v == null ? null : Path.of(v);
        } catch (RuntimeException e) {
            problem(key, "is not a file path");
            return null;
        }
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
}
