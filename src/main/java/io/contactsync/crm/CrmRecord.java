package io.contactsync.crm;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CRM contact as the connector sees it.
 *
 * @param id        the CRM's primary key; null only for a record to be created by {@link CrmConnector#upsert}
 * @param fields    column name to value (String, Boolean, Number, Instant or null); never contains the id,
 *                  updated-at or deleted columns
 * @param updatedAt the CRM's own last-modified time; null for a record to be written
 * @param deleted   true when the CRM flags the record as deleted
 */
public record CrmRecord(String id, Map<String, Object> fields, Instant updatedAt, boolean deleted) {
    public CrmRecord {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
