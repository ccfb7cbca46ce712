package io.contactsync.admin;

import java.time.Clock;
import java.time.Duration;
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

    /** How far a {@code since} may lie after the engine's clock (clock skew between hosts). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

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
     * A {@code since} resync, refused when {@code since} is in the future of {@code clock} by more than
     * {@link #CLOCK_SKEW}: such a checkpoint would hide every change made until then.
     *
     * @throws IllegalArgumentException with a message naming the instant and the engine's time
     */
    public static ResyncMode since(Instant since, Clock clock) {
        Instant now = clock.instant();
        if (since.isAfter(now.plus(CLOCK_SKEW))) {
            throw new IllegalArgumentException("'" + since + "' is in the future (the engine's clock says " + now
                    + "); a checkpoint there would skip every change made until then");
        }
        return since(since);
    }

    /**
     * Parses ISO-8601 with an offset ({@code 2024-05-01T00:00:00Z}, {@code 2024-05-01T02:00:00+02:00}) and refuses
     * an instant more than {@link #CLOCK_SKEW} after {@code clock}'s (see {@link #since(Instant, Clock)}).
     *
     * @throws IllegalArgumentException with a message naming the expected form, or saying it is in the future
     */
    public static Instant parseInstant(String text, Clock clock) {
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
        return since(parsed, clock).since();
    }

    /** {@link #parseInstant(String, Clock)} against the system clock (callers with an injected clock pass it). */
    public static Instant parseInstant(String text) {
        return parseInstant(text, Clock.systemUTC());
    }

    public String describe() {
        return since == null ? "full" : "since " + since;
    }
}
