package io.contactsync.state;

import java.util.List;

/** What {@link StateStore#tryAcquireLease} did: took the flow's lease, or found it held by a live holder. */
public sealed interface LeaseOutcome {

    /**
     * The caller holds the lease now. {@code previous} is the expired lease it took over (null when the flow was
     * free); {@code abandonedRuns} the ids of runs left {@code running} that were marked {@code abandoned}.
     */
    record Acquired(FlowLease lease, FlowLease previous, List<Long> abandonedRuns) implements LeaseOutcome {
        public Acquired {
            abandonedRuns = List.copyOf(abandonedRuns);
        }
    }

    /** Another holder's lease has not expired: the caller must not run the flow. */
    record Held(FlowLease current) implements LeaseOutcome {
    }
}
