package io.contactsync.state;

import java.time.Instant;

/** A field both sides changed since the last sync, with both values and the side that won. */
public record ConflictRecord(String crmId, String contactId, String field, String crmValue, String ctctValue,
                             String winner, String policy, Instant detectedAt) {
}
