package io.contactsync;

/**
 * The root of every failure the engine raises on purpose: configuration, mapping, CRM, state store, Constant
 * Contact and flow errors all extend it, so a boundary (the command line, the admin API, the flow runner) can
 * tell the engine's own, already-worded errors from a programming error. Unchecked; the message is written for
 * the operator and never holds a secret, an e-mail address or a field value.
 */
public class ContactSyncException extends RuntimeException {

    public ContactSyncException(String message) {
        super(message);
    }

    public ContactSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
