package io.contactsync.constantcontact.transport;

import java.net.URI;
import java.util.Map;

/** One outbound HTTP request. {@code body} and {@code contentType} are null for GET and DELETE. */
public record HttpCall(String method, URI uri, Map<String, String> headers, String body, String contentType) {
    public HttpCall {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        // Never print headers: they carry the bearer token or Basic credentials.
        return method + " " + uri.getPath();
    }
}
