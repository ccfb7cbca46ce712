package io.contactsync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which way a mapped field flows (YAML {@code direction:} {@code both}, {@code to-ctct}, {@code to-crm}). */
public enum Direction {
    BOTH, TO_CTCT, TO_CRM;

    /** The spelling used in mapping files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean toCtct() {
        return this != TO_CRM;
    }

    public boolean toCrm() {
        return this != TO_CTCT;
    }

    /** The direction spelled {@code value} in a mapping file, or empty when there is none. */
    public static Optional<Direction> fromYaml(String value) {
        return Arrays.stream(values()).filter(d -> d.yamlName().equals(value)).findFirst();
    }
}
