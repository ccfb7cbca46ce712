package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A stored custom field (spec definition CustomField). {@code name} is the label with blanks replaced by
 * underscores: the key of {@code cf:<name>} in imports. Guarded by the {@link Account} lock.
 */
final class CustomField {
    public long seq;
    public String customFieldId;
    public String label;
    public String name;
    public String type;
    public Integer version;
    public JsonNode metadata;
    public JsonNode choices;
    public Instant createdAt;
    public Instant updatedAt;

    static String nameOf(String label) {
        return label.trim().replaceAll("\\s+", "_");
    }
}
