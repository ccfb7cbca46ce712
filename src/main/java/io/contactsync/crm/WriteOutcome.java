package io.contactsync.crm;

import java.util.Objects;

/**
 * What {@link CrmConnector#upsertIfUnchanged} did with one record of its batch.
 *
 * @param id     the record's id (the generated one for a record inserted without an id); never null
 * @param status what happened
 * @param record {@code WRITTEN}: the record as stored, exactly as {@link CrmConnector#upsert} returns it;
 *               {@code STALE}: the row as it is now in the CRM (re-read in the same transaction), to merge again;
 *               {@code GONE}: null
 */
public record WriteOutcome(String id, Status status, CrmRecord record) {

    /** The fate of one record of a conditional write. */
    public enum Status {
        /** Written: inserted, updated unconditionally, or updated because its updated-at was still the expected one. */
        WRITTEN,
        /** Not written: the row's updated-at is no longer the expected one (someone changed it since it was read). */
        STALE,
        /** Not written: a row expected to exist (an expected updated-at was given) no longer exists. */
        GONE
    }

    public WriteOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        if ((status == Status.GONE) != (record == null)) {
            throw new IllegalArgumentException("a " + status + " outcome " + (record == null ? "needs" : "has no") + " record");
        }
    }

    public static WriteOutcome written(CrmRecord stored) {
        return new WriteOutcome(stored.id(), Status.WRITTEN, stored);
    }

    public static WriteOutcome stale(CrmRecord current) {
        return new WriteOutcome(current.id(), Status.STALE, current);
    }

    public static WriteOutcome gone(String id) {
        return new WriteOutcome(id, Status.GONE, null);
    }
}
