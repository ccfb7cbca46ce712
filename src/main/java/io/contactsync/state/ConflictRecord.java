package io.contactsync.state;

import java.time.Instant;

import io.contactsync.mapping.ConflictPolicy;

/** A field both sides changed since the last sync, with both values and the side that won. */
public record ConflictRecord(String crmId, String contactId, String field, String crmValue, String ctctValue,
                             ConflictWinner winner, ConflictPolicy policy, Instant detectedAt) {
}
