package io.contactsync.mapping;

import io.contactsync.ContactSyncException;

/**
 * One record's value that a transform cannot convert (e.g. an invalid date). Unchecked: the engine catches it
 * per record and parks that record as a dead letter with {@link #getMessage()} as the reason; the batch goes on.
 * Transforms throw it with {@link #MappingValueException(String, String)}; {@link ContactMapping} adds the field names.
 */
public final class MappingValueException extends ContactSyncException {

    private final String crmField;
    private final String vocabularyField;
    private final String value;
    private final String reason;

    /** Thrown by a transform: {@code value} is the rejected input, {@code reason} says why and what was expected. */
    public MappingValueException(String value, String reason) {
        this(null, null, value, reason);
    }

    private MappingValueException(String crmField, String vocabularyField, String value, String reason) {
        super(message(crmField, vocabularyField, value, reason));
        this.crmField = crmField;
        this.vocabularyField = vocabularyField;
        this.value = value;
        this.reason = reason;
    }

    /** The same problem, naming the mapped field it happened in. */
    MappingValueException inField(String crm, String vocabulary) {
        return new MappingValueException(crm, vocabulary, value, reason);
    }

    /** The CRM column, or null when thrown directly by a transform. */
    public String crmField() {
        return crmField;
    }

    /** The vocabulary name, or null when thrown directly by a transform. */
    public String vocabularyField() {
        return vocabularyField;
    }

    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }

    private static String message(String crm, String vocabulary, String value, String reason) {
        String where = crm == null ? "" : "field " + crm + " -> " + vocabulary + ": ";
        return where + "cannot convert '" + value + "': " + reason;
    }
}
