package io.contactsync.crm;

import io.contactsync.ContactSyncException;

/**
 * Root of the CRM connectors' failures: unchecked, with a message that says what was being done. A plain
 * {@code CrmException} fails the whole operation (connection lost, SQL error not tied to one record);
 * see the subclasses for the cases the engine handles differently.
 */
public class CrmException extends ContactSyncException {

    public CrmException(String message) {
        super(message);
    }

    public CrmException(String message, Throwable cause) {
        super(message, cause);
    }
}
