package io.contactsync.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one changed CRM record needs in Constant Contact, and the snapshot to store once all of it is done.
 *
 * @param contactId       the linked contact, or null for a contact the import will create
 * @param snapshot        the vocabulary both sides hold once the plan is applied
 * @param importRow       fields to send in a JSON import (always with {@code email}), or null for no import
 * @param listIds         the lists an import adds the contact to (sorted), never empty when importing
 * @param changeEmail     the linked contact's e-mail must change by PUT before any import
 * @param unsubscribe     the CRM opted the contact out: unsubscribe it in Constant Contact
 * @param delete          the CRM deleted the contact: delete it in Constant Contact and drop the link
 * @param removeFromLists lists the mapping no longer puts the contact in
 * @param tellCrm         CRM fields to correct (e.g. the opt-out flag of a contact unsubscribed in Constant Contact)
 * @param createRow       for a new contact the CRM opted out: the fields (import-row shaped, with {@code email}) of
 *                        one {@code POST /contacts} that creates it already unsubscribed, in the lists
 *                        {@code listIds}; then {@code importRow} is null and {@code unsubscribe} true. Null otherwise.
 */
public record RecordPlan(String crmId, String email, String contactId, Map<String, String> snapshot,
                         Map<String, String> importRow, List<String> listIds, boolean changeEmail, boolean unsubscribe,
                         boolean delete, List<String> removeFromLists, Map<String, String> tellCrm, Instant crmUpdatedAt,
                         Map<String, String> createRow) {

    public RecordPlan {
        snapshot = Map.copyOf(snapshot);
        importRow = importRow == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(importRow));
        createRow = createRow == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(createRow));
        listIds = List.copyOf(listIds);
        removeFromLists = List.copyOf(removeFromLists);
        tellCrm = Map.copyOf(tellCrm);
    }

    /** A plan without a create-unsubscribed POST. */
    public RecordPlan(String crmId, String email, String contactId, Map<String, String> snapshot,
                      Map<String, String> importRow, List<String> listIds, boolean changeEmail, boolean unsubscribe,
                      boolean delete, List<String> removeFromLists, Map<String, String> tellCrm, Instant crmUpdatedAt) {
        this(crmId, email, contactId, snapshot, importRow, listIds, changeEmail, unsubscribe, delete, removeFromLists,
                tellCrm, crmUpdatedAt, null);
    }

    public boolean isNew() {
        return contactId == null;
    }

    /** The contact is created by one {@code POST /contacts}, unsubscribed from the start. */
    public boolean createsUnsubscribed() {
        return createRow != null;
    }

    /**
     * The same record sent as Constant Contact's answer to a create requires: through the JSON import (which
     * matches the existing contact by e-mail and lands the fields), unsubscribing it only when {@code unsubscribe}.
     */
    RecordPlan asImport(boolean unsubscribe) {
        return new RecordPlan(crmId, email, contactId, snapshot, createRow, listIds, changeEmail, unsubscribe, delete,
                removeFromLists, tellCrm, crmUpdatedAt, null);
    }
}
