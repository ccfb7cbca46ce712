package io.contactsync.crm;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in the CRM's change order {@code (updated_at, id)}: everything strictly after it is unread.
 * {@code id} is "" for "from this instant on, every id".
 */
public record CrmPosition(Instant updatedAt, String id) {
    public CrmPosition {
        Objects.requireNonNull(updatedAt, "updatedAt");
        id = id == null ? "" : id;
    }

    public static CrmPosition from(Instant updatedAt) {
        return new CrmPosition(updatedAt, "");
    }
}
