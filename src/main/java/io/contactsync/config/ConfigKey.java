package io.contactsync.config;

import java.time.Duration;

/**
 * One {@code sync.*} key, declared once in {@link ConfigCatalogue} with its default, its type and what it accepts,
 * and a one-line doc, in the way of Debezium's {@code Field}. Immutable.
 *
 * @param name         the property name, e.g. {@code sync.flow.overlap}
 * @param type         how the value is read and checked
 * @param defaultValue the value when the key is absent or blank, as it would be written in a file; null for none
 * @param doc          one line, the same sentence as in {@code config/application.properties}
 * @param min          smallest accepted whole number (for {@link Type#INT})
 * @param max          largest accepted whole number (for {@link Type#INT})
 * @param minDuration  smallest accepted duration (for {@link Type#DURATION}); {@link Duration#ZERO} with
 *                     {@code zeroAllowed}, else the value must be greater than zero
 * @param zeroAllowed  whether a zero duration makes sense (an overlap may be zero; a poll interval may not)
 * @param envName      the environment variable a {@link Type#SECRET} comes from
 * @param required     whether the key must have a value
 */
public record ConfigKey(String name, Type type, String defaultValue, String doc, int min, int max,
                        Duration minDuration, boolean zeroAllowed, String envName, boolean required) {

    /** How a key's value is read. */
    public enum Type { STRING, INT, BOOLEAN, DURATION, ENUM, URL, PATH, SECRET, CRON }

    static ConfigKey string(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.STRING, defaultValue, doc, 0, 0, null, false, null, false);
    }

    static ConfigKey integer(String name, int defaultValue, int min, int max, String doc) {
        return new ConfigKey(name, Type.INT, Integer.toString(defaultValue), doc, min, max, null, false, null, false);
    }

    static ConfigKey bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey(name, Type.BOOLEAN, Boolean.toString(defaultValue), doc, 0, 0, null, false, null, false);
    }

    /** A duration that must be greater than zero. */
    static ConfigKey positiveDuration(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.DURATION, defaultValue, doc, 0, 0, Duration.ZERO, false, null, false);
    }

    /** A duration that may be zero but not negative. */
    static ConfigKey nonNegativeDuration(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.DURATION, defaultValue, doc, 0, 0, Duration.ZERO, true, null, false);
    }

    static ConfigKey enumeration(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.ENUM, defaultValue, doc, 0, 0, null, false, null, false);
    }

    static ConfigKey url(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.URL, defaultValue, doc, 0, 0, null, false, null, false);
    }

    static ConfigKey path(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.PATH, defaultValue, doc, 0, 0, null, false, null, false);
    }

    static ConfigKey cron(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.CRON, defaultValue, doc, 0, 0, null, false, null, false);
    }

    /** A secret: only ever an environment reference, never shown. */
    static ConfigKey secret(String name, String envName, String doc) {
        return new ConfigKey(name, Type.SECRET, null, doc, 0, 0, null, false, envName, false);
    }

    /** The same key, but a value is required. */
    ConfigKey whichIsRequired() {
        return new ConfigKey(name, type, defaultValue, doc, min, max, minDuration, zeroAllowed, envName, true);
    }

    public boolean isSecret() {
        return type == Type.SECRET;
    }

    @Override
    public String toString() {
        return name;
    }
}
