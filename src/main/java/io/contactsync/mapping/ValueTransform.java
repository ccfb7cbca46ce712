package io.contactsync.mapping;

/**
 * One step of a field's transform chain. Towards Constant Contact the chain runs in order ({@link #toCtct});
 * towards the CRM it runs in reverse order ({@link #toCrm}).
 *
 * <p>Contract: inputs are never null ({@code ""} means "no value") and outputs must never be null. Implementations
 * are immutable and thread-safe; they are built once when the mapping is loaded and called for every record.
 * A value that cannot be converted raises {@link MappingValueException}.
 */
public interface ValueTransform {

    /** The value as Constant Contact should get it. */
    String toCtct(String value);

    /** The value as the CRM should get it; identity unless the transform can be reversed. */
    default String toCrm(String value) {
        return value;
    }

    /** True when the CRM column is a boolean: the final CRM value is then {@code Boolean.valueOf(value)}. */
    default boolean booleanCrmColumn() {
        return false;
    }
}
