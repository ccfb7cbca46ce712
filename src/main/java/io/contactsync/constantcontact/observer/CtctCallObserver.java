package io.contactsync.constantcontact.observer;

/**
 * Told about every HTTP exchange the Constant Contact client has with the V3 API, for metrics and health. Called on
 * the calling thread, after the answer arrived: implementations must be quick and must not throw. {@code path} is
 * the raw request path relative to the API base ({@code /contacts/4f1c...}, no query): it may carry ids, so an
 * implementation that labels metrics must normalise it to a template first. A package of its own, so the client can
 * call it and others implement it without a package cycle (io.contactsync.observe implements it).
 */
public interface CtctCallObserver {

    /** Observes nothing (one-shot commands, tests). */
    CtctCallObserver NONE = new CtctCallObserver() {
        @Override
        public void answered(String method, String path, int status, String errorKey) {
        }

        @Override
        public void authorizationFailed(String reason) {
        }
    };

    /**
     * One request and its outcome: the HTTP status, or 0 when no answer came (I/O failure).
     *
     * @param errorKey the {@code error_key} of a 429 (or other error) body, null when there is none
     */
    void answered(String method, String path, int status, String errorKey);

    /** No access token could be had (the refresh token was refused, or none is stored): no request was sent. */
    void authorizationFailed(String reason);
}
