package io.contactsync.sync;

import io.contactsync.ContactSyncException;

/** A run of this flow is already in progress; runs of one flow never overlap (admin HTTP answers 409). */
public final class FlowBusyException extends ContactSyncException {
    public FlowBusyException(Flow flow) {
        super("a " + flow.id() + " cycle is already running");
    }
}
