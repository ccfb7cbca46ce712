package io.contactsync.state;

import java.time.Instant;

/**
 * Who holds a flow's lease: the one process allowed to run that flow until {@code expiresAt}, which its heartbeat
 * keeps moving. {@code runId} is the run the holder is doing, null until its first heartbeat names it.
 */
public record FlowLease(String flow, String holder, Long runId, Instant acquiredAt, Instant heartbeatAt,
                        Instant expiresAt) {

    /** Whether the holder stopped renewing it: at {@code now}, anyone may take it over. */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
