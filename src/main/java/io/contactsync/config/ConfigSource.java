package io.contactsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged configuration: the shipped defaults ({@code config/application.properties}, or the copy on the
 * class path when the working directory has none), overridden by an optional {@code --config FILE}, with
 * then by {@code -Dsync.…}/{@code -Dcamel.…} system properties, with {@code ${env:NAME}} and
 * {@code ${env:NAME:default}} resolved from the environment. Immutable.
 */
public final class ConfigSource {

    public static final Path DEFAULT_FILE = Path.of("config", "application.properties");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final Map<String, String> values;
    private final Map<String, String> raw;
    private final List<String> origins;
    private final Map<String, String> originOf;

    private ConfigSource(Map<String, String> raw, UnaryOperator<String> env, List<String> origins,
                         Map<String, String> originOf) {
        this.raw = Collections.unmodifiableMap(raw);
        this.originOf = Map.copyOf(originOf);
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.forEach((k, v) -> resolved.put(k, resolveEnv(v, env)));
        this.values = Collections.unmodifiableMap(resolved);
        this.origins = List.copyOf(origins);
    }

    /** Loads defaults plus an optional override file, resolving {@code ${env:…}} from the process environment. */
    public static ConfigSource load(Path overrideFile) {
        return load(overrideFile, Map.of(), System::getenv);
    }

    /**
     * Loads defaults, then {@code overrideFile} (may be null), then {@code overrides} (for tests and the demo),
     * resolving environment references through {@code env}.
     */
    public static ConfigSource load(Path overrideFile, Map<String, String> overrides, UnaryOperator<String> env) {
        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, String> originOf = new LinkedHashMap<>();
        List<String> origins = new ArrayList<>();
        if (Files.isRegularFile(DEFAULT_FILE)) {
            putAll(merged, read(DEFAULT_FILE), originOf, DEFAULT_FILE.toString());
            origins.add(DEFAULT_FILE.toString());
        } else {
            try (InputStream in = ConfigSource.class.getResourceAsStream("/config/application.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    putAll(merged, p, originOf, "classpath:config/application.properties");
                    origins.add("classpath:config/application.properties");
                }
            } catch (IOException e) {
                throw new ConfigurationException(List.of("cannot read the built-in defaults: " + e.getMessage()));
            }
        }
        if (overrideFile != null) {
            if (!Files.isRegularFile(overrideFile)) {
                throw new ConfigurationException(List.of("--config " + overrideFile + ": no such file"));
            }
            putAll(merged, read(overrideFile), originOf, overrideFile.toString());
            origins.add(overrideFile.toString());
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("sync.") || k.startsWith("camel."))
                .forEach(k -> {
                    merged.put(k, System.getProperty(k).trim());
                    originOf.put(k, "-D" + k);
                });
        merged.putAll(overrides);
        overrides.keySet().forEach(k -> originOf.put(k, "overrides"));
        return new ConfigSource(merged, env, origins, originOf);
    }

    /** A source made only of these values (tests). */
    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(new LinkedHashMap<>(values), name -> null, List.of("in-memory"), Map.of());
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigurationException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
        return p;
    }

    private static void putAll(Map<String, String> target, Properties p, Map<String, String> originOf, String origin) {
        p.stringPropertyNames().stream().sorted().forEach(k -> {
            target.put(k, p.getProperty(k).trim());
            originOf.put(k, origin);
        });
    }

    private static String resolveEnv(String value, UnaryOperator<String> env) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                v = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The resolved value, or null when the key is absent or blank. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    /** The value as written in the file, before environment references are resolved. */
    public String rawValue(String key) {
        return raw.get(key);
    }

    /** Where a key was last set: a file, {@code -Dkey}, or {@code overrides}; null when not known. */
    public String origin(String key) {
        return originOf.get(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** Every resolved entry whose key starts with a prefix (e.g. {@code camel.}) for handing to Camel. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public List<String> origins() {
        return origins;
    }

    /** A copy with extra values on top (already resolved). */
    public ConfigSource with(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(extra);
        return new ConfigSource(m, name -> null, origins, originOf);
    }
}
