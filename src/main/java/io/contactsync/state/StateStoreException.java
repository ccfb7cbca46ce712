package io.contactsync.state;

import java.sql.SQLException;

import io.contactsync.ContactSyncException;

/**
 * A state store operation failed; nothing of it was committed. The message names the operation (for a page
 * commit also its step), so an operator can tell a full disk from a constraint violation. Messages never carry
 * secrets: failures of refresh-token operations report only the SQL state and vendor code, without the cause.
 */
public class StateStoreException extends ContactSyncException {

    private final String operation;

    public StateStoreException(String operation, String detail, Throwable cause) {
        super("State store operation '" + operation + "' failed: " + detail, cause);
        this.operation = operation;
    }

    /** Wraps a failure of {@code operation}, keeping the driver's message and the cause. */
    static StateStoreException of(String operation, Throwable cause) {
        if (cause instanceof StateStoreException sse) {
            return sse;
        }
        String detail = cause instanceof SQLException sql
                ? sql.getMessage() + " (SQL state " + sql.getSQLState() + ")"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new StateStoreException(operation, detail, cause);
    }

    /**
     * Wraps a failure of an operation whose parameters are secret: the driver's message may quote bound values,
     * so neither it nor the cause is kept.
     */
    static StateStoreException secret(String operation, Throwable cause) {
        String detail = cause instanceof SQLException sql
                ? "SQL state " + sql.getSQLState() + ", vendor code " + sql.getErrorCode()
                : cause.getClass().getSimpleName();
        return new StateStoreException(operation, detail + " (details withheld: the operation carries a secret)", null);
    }

    /** The operation that failed, e.g. {@code commit (dead letters)}. */
    public String operation() {
        return operation;
    }
}
