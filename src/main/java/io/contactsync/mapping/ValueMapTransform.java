package io.contactsync.mapping;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code map: {crm value: ctct value, ...}}: exact-match value translation. Towards the CRM the map is reversed;
 * when several CRM values map to one Constant Contact value, the first one listed wins. A value that is not in
 * the map passes through unchanged in either direction.
 */
final class ValueMapTransform implements ValueTransform {

    private final Map<String, String> toCtct;
    private final Map<String, String> toCrm;

    private ValueMapTransform(Map<String, String> toCtct) {
        this.toCtct = Map.copyOf(toCtct);
        Map<String, String> reverse = new HashMap<>();
        toCtct.forEach((crm, ctct) -> reverse.putIfAbsent(ctct, crm));
        this.toCrm = Map.copyOf(reverse);
    }

    static ValueMapTransform of(Object argument) {
        if (!(argument instanceof Map<?, ?> entries) || entries.isEmpty()) {
            throw new IllegalArgumentException("'map' needs a non-empty mapping of values, e.g. {gold: Gold}");
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException("'map' value for '" + key + "' must be a single value");
            }
            ordered.put(String.valueOf(key), text);
        });
        return new ValueMapTransform(ordered);
    }

    @Override
    public String toCtct(String value) {
        return toCtct.getOrDefault(value, value);
    }

    @Override
    public String toCrm(String value) {
        return toCrm.getOrDefault(value, value);
    }
}
