package io.contactsync.constantcontact.transport;

import java.time.Instant;

import io.contactsync.ContactSyncException;

/**
 * A Constant Contact call that did not succeed, classified at the client. Messages carry the method, path,
 * status and Constant Contact's error keys, never tokens.
 */
public final class CtctApiException extends ContactSyncException {

    /** What the caller can do about it. */
    public enum Kind {
        /** 429 throttled, 5xx, I/O: retried with backoff; seen by callers only once retries are exhausted. */
        RETRYABLE,
        /** 4xx other than 401/429: the request itself is wrong; retrying cannot help. */
        PERMANENT,
        /** 429 quota_exceeded, or the local daily budget is spent: stop until {@link #resumeAt()}. */
        QUOTA_EXCEEDED,
        /** The refresh token was refused: an operator must authorize again. */
        AUTHORIZATION
    }

    private final Kind kind;
    private final int status;
    private final String body;
    private final transient Instant resumeAt;

    public CtctApiException(Kind kind, int status, String message, String body, Instant resumeAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.resumeAt = resumeAt;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** The response body as Constant Contact sent it (error keys and messages), or null. */
    public String body() {
        return body;
    }

    /** For {@link Kind#QUOTA_EXCEEDED}: when calls may start again (next 00:00 UTC). */
    public Instant resumeAt() {
        return resumeAt;
    }
}
