package io.contactsync.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.contactsync.state.Checkpoint;
import io.contactsync.sync.Flow;

/**
 * How a resync moves a flow's checkpoint back: {@code full} removes it (the next cycle reads everything),
 * {@code since} sets its position to an instant of the source's clock. Shared by the CLI and the admin endpoint.
 *
 * @param since null for a full resync
 */
public record ResyncMode(Instant since) {

    public static ResyncMode full() {
        return new ResyncMode(null);
    }

    public static ResyncMode since(Instant since) {
        return new ResyncMode(Objects.requireNonNull(since, "since"));
    }

    /** The checkpoint to store before the cycle; null removes it. */
    public Checkpoint checkpoint(Flow flow, Clock clock) {
        return since == null ? null : new Checkpoint(flow.id(), since, "", clock.instant());
    }

    /**
     * Parses ISO-8601 with an offset ({@code 2024-05-01T00:00:00Z}, {@code 2024-05-01T02:00:00+02:00}).
     *
     * @throws IllegalArgumentException with a message naming the expected form
     */
    public static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
    }

    public String describe() {
        return since == null ? "full" : "since " + since;
    }
}
