package io.contactsync.state;

import java.time.Instant;
import java.util.Map;

/**
 * A CRM contact linked to a Constant Contact contact, with the last-synced snapshot of its fields in the
 * shared vocabulary (what both sides agreed on after the last sync).
 *
 * @param crmId         CRM primary key (the link's key)
 * @param contactId     Constant Contact {@code contact_id}
 * @param email         e-mail as last synced, lower case
 * @param snapshot      vocabulary field to value, as last synced
 * @param crmUpdatedAt  the CRM's updated_at at the last sync (may be null)
 * @param ctctUpdatedAt Constant Contact's updated_at at the last sync (may be null)
 * @param syncedAt      when the engine stored this snapshot
 */
public record LinkedContact(String crmId, String contactId, String email, Map<String, String> snapshot,
                            Instant crmUpdatedAt, Instant ctctUpdatedAt, Instant syncedAt) {
    public LinkedContact {
        snapshot = snapshot == null ? Map.of() : Map.copyOf(snapshot);
    }
}
