package io.contactsync.sync;

import java.util.Locale;

/** The names of a cycle's counters, as they appear in summaries, run records and {@code sync --json}. */
public enum Counter {
    READ, UNCHANGED, IMPORTED, CREATED, UPDATED, UNSUBSCRIBED, DELETED, LIST_REMOVALS, PARKED, ACTIVITIES,
    CONFLICTS, CRM_CREATED, CRM_UPDATED, CRM_OPTED_OUT, CRM_DELETED, CRM_TOLD_UNSUBSCRIBED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
