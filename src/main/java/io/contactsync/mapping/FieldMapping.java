package io.contactsync.mapping;

import java.math.BigDecimal;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

import io.contactsync.vocabulary.Vocabulary;

/** One compiled {@code fields:} entry: a CRM column, a vocabulary name and the transform chain between them. */
final class FieldMapping {

    private final String crm;
    private final String ctct;
    private final Direction direction;
    private final ConflictPolicy conflict;
    private final ValueTransform[] chain;
    private final boolean booleanCrm;
    private final boolean consent;
    private final String entry;
    private final int line;

    FieldMapping(String crm, String ctct, Direction direction, ConflictPolicy conflict,
                 ValueTransform[] chain, String entry, int line) {
        this.crm = crm;
        this.ctct = ctct;
        this.direction = direction;
        this.conflict = conflict;
        this.chain = chain.clone();
        this.booleanCrm = chain.length > 0 && chain[chain.length - 1].booleanCrmColumn();
        this.consent = Vocabulary.PERMISSION_TO_SEND.equals(ctct);
        this.entry = entry;
        this.line = line;
    }

    String crm() {
        return crm;
    }

    String ctct() {
        return ctct;
    }

    Direction direction() {
        return direction;
    }

    ConflictPolicy conflict() {
        return conflict;
    }

    String entry() {
        return entry;
    }

    int line() {
        return line;
    }

    /** Whether a transform caps the value towards Constant Contact at {@code limit} characters or fewer. */
    boolean boundedTo(int limit) {
        for (ValueTransform t : chain) {
            if (t instanceof TruncateTransform truncate && truncate.maxLength() <= limit
                    || t == PhoneTransform.INSTANCE && PhoneTransform.MAX_LENGTH <= limit) {
                return true;
            }
        }
        return false;
    }

    /** The CRM value as Constant Contact should get it; never null, {@code ""} for "no value". */
    String toCtct(Object crmValue) {
        String value = text(crmValue);
        try {
            for (ValueTransform transform : chain) {
                value = orEmpty(transform.toCtct(value));
            }
        } catch (MappingValueException e) {
            throw e.inField(crm, ctct);
        }
        // Consent is one-way: whatever a (custom) transform did, only an opt-out may leave the CRM.
        if (consent && !value.isEmpty() && !Vocabulary.UNSUBSCRIBED.equals(value)) {
            return "";
        }
        return value;
    }

    /** The vocabulary value as the CRM column should get it: null (or false for a boolean flag) for "no value". */
    Object toCrm(String vocabularyValue) {
        String value = orEmpty(vocabularyValue);
        try {
            for (int i = chain.length - 1; i >= 0; i--) {
                value = orEmpty(chain[i].toCrm(value));
            }
        } catch (MappingValueException e) {
            throw e.inField(crm, ctct);
        }
        if (booleanCrm) {
            return Boolean.valueOf(value);
        }
        return value.isEmpty() ? null : value;
    }

    /** CRM values arrive as String, Boolean, Number, Instant, java.time or java.sql types, or null. */
    static String text(Object value) {
        String text;
        if (value == null) {
            return "";
        } else if (value instanceof String s) {
            text = s;
        } else if (value instanceof BigDecimal decimal) {
            text = decimal.toPlainString();
        } else if (value instanceof Timestamp timestamp) {
            text = timestamp.toInstant().toString();
        } else if (value instanceof Date && !(value instanceof java.sql.Date) && !(value instanceof Time)) {
            text = ((Date) value).toInstant().toString();
        } else if (value instanceof TemporalAccessor || value instanceof Boolean || value instanceof Number) {
            text = value.toString();
        } else {
            text = String.valueOf(value);
        }
        return text.isBlank() ? "" : text;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
