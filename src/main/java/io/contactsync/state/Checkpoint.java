package io.contactsync.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A flow's cursor: the last completely processed position. {@code position} is the source's own clock
 * ({@code updated_at} of the CRM, or of Constant Contact), never the engine's; {@code tieBreaker} is the id
 * of the last record at that instant ("" when the source has no stable order).
 */
public record Checkpoint(String flow, Instant position, String tieBreaker, Instant savedAt) {
    public Checkpoint {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(position, "position");
        tieBreaker = tieBreaker == null ? "" : tieBreaker;
    }
}
