package io.contactsync.state;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON text of snapshots and run counters. Keys are sorted, so the same map always gives the same text: two
 * snapshots can be compared as strings, and a replayed commit writes byte-identical rows.
 */
final class StateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };

    private StateJson() {
    }

    static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(map == null ? Map.of() : map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("map cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> readFields(String json) {
        return read(json, FIELDS);
    }

    static Map<String, Long> readCounts(String json) {
        return read(json, COUNTS);
    }

    private static <T extends Map<?, ?>> T read(String json, TypeReference<T> type) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
