package io.contactsync.sync;

import io.contactsync.ContactSyncException;

/**
 * {@code apply PLAN} refused: records of the plan changed on either side since the dry run made it (they now plan
 * otherwise, or not at all). Nothing was written; the message names the records and what differs, never a value.
 */
public final class PlanChangedException extends ContactSyncException {

    /** How its message (and so the refused run's error) begins. */
    public static final String PREFIX = "apply refused";
    public PlanChangedException(String message) {
        super(message);
    }
}
