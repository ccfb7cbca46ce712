package io.contactsync.sync;

import java.util.Locale;

/**
 * The names of a cycle's counters, as they appear in summaries, run records and {@code sync --json}, always in this
 * order. {@code parked}: records parked this cycle, of which {@code to_retry} will be tried again by a later cycle;
 * {@code redriven}: parked records this cycle tried again; {@code linked}: new CRM records matched to a contact Constant
 * Contact already had (the import created nothing there).
 */
public enum Counter {
    READ, UNCHANGED, IMPORTED, CREATED, UPDATED, LINKED, UNSUBSCRIBED, DELETED, LIST_REMOVALS, PARKED, TO_RETRY, REDRIVEN, FUTURE_DATED, ACTIVITIES,
    CONFLICTS, CRM_CREATED, CRM_UPDATED, CRM_OPTED_OUT, CRM_OPT_OUT_CLEARED, CRM_REVIVED, CRM_MERGED_AGAIN, CRM_DELETED, CRM_TOLD_UNSUBSCRIBED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
