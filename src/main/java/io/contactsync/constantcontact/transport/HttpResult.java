package io.contactsync.constantcontact.transport;

import java.util.Map;

/** An HTTP answer: status, response headers (names lower case) and body text (may be empty). */
public record HttpResult(int status, Map<String, String> headers, String body) {
    public HttpResult {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
