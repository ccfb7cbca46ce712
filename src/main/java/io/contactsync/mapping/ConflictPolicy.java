package io.contactsync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who wins when both sides changed the same field since the last sync (YAML {@code conflict:}).
 * {@link #NEWEST} compares each side's {@code updated_at}; {@link #CRM} and {@link #CTCT} always pick that side.
 */
public enum ConflictPolicy {
    NEWEST, CRM, CTCT;

    /** The spelling used in mapping files: {@code newest}, {@code crm}, {@code ctct}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy spelled {@code value} in a mapping file, or empty when there is none. */
    public static Optional<ConflictPolicy> fromYaml(String value) {
        return Arrays.stream(values()).filter(p -> p.yamlName().equals(value)).findFirst();
    }
}
