package io.contactsync.sync;

import java.time.Instant;

import io.contactsync.ContactSyncException;

/**
 * A run of this flow is already in progress, in this process or another one holding the flow's lease; runs of one
 * flow never overlap (admin HTTP answers 409, the command line exits 4). {@link #holder()} and {@link #since()} are
 * null when unknown.
 */
public final class FlowBusyException extends ContactSyncException {

    private final transient String holder;
    private final transient Instant since;

    public FlowBusyException(Flow flow) {
        this(flow, null, null);
    }

    public FlowBusyException(Flow flow, String holder, Instant since) {
        super("a " + flow.id() + " cycle is already running"
                + (holder == null ? "" : ": held by " + holder + (since == null ? "" : " since " + since)));
        this.holder = holder;
        this.since = since;
    }

    /** Who runs it ({@code host/pid#runner}), or null. */
    public String holder() {
        return holder;
    }

    /** Since when, or null. */
    public Instant since() {
        return since;
    }
}
