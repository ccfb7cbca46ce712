package io.contactsync.state;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A run the blast-radius guard held, with the destructive effects of its plan and what was decided about it.
 *
 * @param summary the breaches in plain words: kinds, counts, limits, field names and list ids, never a value
 * @param linked  the flow's linked contacts the limits were computed from
 * @param effects the plan's destructive effects (all of them, also those under the limits)
 */
public record HeldPlan(long runId, String flow, Status status, Instant heldAt, Instant decidedAt, String decidedBy,
                       long linked, String summary, List<GuardEffect> effects) {

    public HeldPlan {
        effects = List.copyOf(effects);
    }

    /** Where a held plan stands; stored and printed as {@link #id()}. */
    public enum Status {
        /** Awaiting {@code approve} or {@code reject}. */
        HELD,
        /** Approved: the next cycle of its flow writes exactly these effects. */
        APPROVED,
        /** Rejected: the next cycle of its flow parks the records that carry these effects. */
        REJECTED,
        /** A later held run of the same flow, with another plan, replaced it before anyone decided. */
        SUPERSEDED,
        /** Its decision was applied by the first cycle of its flow that ended after it. */
        SPENT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
