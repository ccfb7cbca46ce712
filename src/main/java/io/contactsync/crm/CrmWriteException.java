package io.contactsync.crm;

/**
 * One record of a write batch was refused (a value that does not convert to its column, a value too long for
 * its column, a row that vanished). The whole batch was rolled back; the engine parks {@link #recordId()} and
 * may retry the rest of the batch without it.
 */
public class CrmWriteException extends CrmException {

    private final String recordId;
    private final int batchIndex;
    private final String column;

    /**
     * @param recordId   the id of the failing record; null for a record to be inserted without an id
     * @param batchIndex its position in the batch passed to {@code upsert} (useful when {@code recordId} is null)
     * @param column     the column concerned, or null when the problem is not about one column
     */
    public CrmWriteException(String recordId, int batchIndex, String column, String message, Throwable cause) {
        super(message, cause);
        this.recordId = recordId;
        this.batchIndex = batchIndex;
        this.column = column;
    }

    public String recordId() {
        return recordId;
    }

    public int batchIndex() {
        return batchIndex;
    }

    public String column() {
        return column;
    }
}
