package io.contactsync.crm;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The CRM side of the sync. Implementations are thread-safe for one caller at a time per flow; the engine
 * never runs two cycles of one flow at once.
 */
public interface CrmConnector extends AutoCloseable {

    /** What a CRM-side delete does. */
    enum DeletePolicy { FLAG, DELETE, IGNORE }

    /**
     * Reads records changed strictly after {@code after} in {@code (updated_at, id)} order, deleted ones
     * included, at most {@code limit} of them. Streams from the database: never loads the whole table.
     * A row without an updated-at counts as changed at {@link Instant#EPOCH} (and is returned with that
     * updated-at), so only a read from the epoch or earlier (a full resync) sees it.
     */
    CrmPage readChanges(CrmPosition after, int limit);

    /**
     * How many records {@link #readChanges} would return from {@code after} on, all pages together, when the CRM can
     * tell with one cheap query (a progress estimate: changes made meanwhile are not in it); empty when it cannot.
     */
    default OptionalLong countChanges(CrmPosition after) {
        return OptionalLong.empty();
    }

    /**
     * The CRM's own clock, now, in UTC, at the precision of its updated-at values. A record whose updated-at is
     * after this is future-dated: a checkpoint must never move past {@code now()}, or every change made until that
     * future instant would be skipped.
     */
    Instant now();

    /**
     * Writes a batch in one transaction. A record with an id that exists is updated on the given fields only
     * (fields absent from the map are left alone); a record with a null or unknown id is inserted (a null id is
     * generated). The updated-at column is set by the connector. Returns the records as stored, in input order,
     * with their ids and new updated-at.
     */
    List<CrmRecord> upsert(List<CrmRecord> batch);

    /**
     * Like {@link #upsert}, but a record whose id is a key of {@code expectedUpdatedAt} is written only if its
     * row's updated-at is still exactly that value (as this connector read it; {@link Instant#EPOCH} also matches a
     * row without an updated-at), checked atomically by the write itself. Records without an id, or whose id is not
     * a key of the map, are written as {@code upsert} writes them. Everything written is one transaction.
     *
     * @return one outcome per record, in input order: {@code WRITTEN} with the stored record; {@code STALE} (not
     *         written) with the row as it is now, to merge again; {@code GONE} (not written, not re-created) when a
     *         row with an expected updated-at no longer exists
     * @throws CrmWriteException when the CRM refuses a record; nothing of the batch is written then
     */
    List<WriteOutcome> upsertIfUnchanged(List<CrmRecord> batch, Map<String, Instant> expectedUpdatedAt);

    /** Applies a delete policy to these ids in one transaction ({@code FLAG} sets the deleted column). */
    void markDeleted(Collection<String> ids, DeletePolicy policy);

    /**
     * Brings back records flagged deleted (the contact came back in Constant Contact); records not flagged, and ids
     * the CRM does not have, are left alone. A connector without a deleted flag has nothing to restore.
     */
    void restore(Collection<String> ids);

    /** Current state of these ids (missing ids are absent from the map). */
    Map<String, CrmRecord> findByIds(Collection<String> ids);

    /** The field names records carry (lower case): what a mapping may name as CRM fields. */
    Set<String> fieldNames();

    /**
     * The record whose e-mail column equals {@code email} ignoring case, if any. When several rows share the
     * address, a live one wins over a deleted one, then the most recently updated.
     */
    Optional<CrmRecord> findByEmail(String email);

    /**
     * {@link #findByEmail} for many addresses in a few queries: the map's keys are the given addresses trimmed and
     * in lower case ({@code Locale.ROOT}); addresses without a record (and null or blank ones) are absent.
     */
    Map<String, CrmRecord> findByEmails(Collection<String> emails);

    @Override
    void close();
}
