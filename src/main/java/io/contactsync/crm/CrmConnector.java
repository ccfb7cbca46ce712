package io.contactsync.crm;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     */
    CrmPage readChanges(CrmPosition after, int limit);

    /**
     * Writes a batch in one transaction. A record with an id that exists is updated on the given fields only
     * (fields absent from the map are left alone); a record with a null or unknown id is inserted (a null id is
     * generated). The updated-at column is set by the connector. Returns the records as stored, in input order,
     * with their ids and new updated-at.
     */
    List<CrmRecord> upsert(List<CrmRecord> batch);

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

    /** The record whose e-mail column equals {@code email} ignoring case, if any. */
    Optional<CrmRecord> findByEmail(String email);

    @Override
    void close();
}
