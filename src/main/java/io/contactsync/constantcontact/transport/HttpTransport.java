package io.contactsync.constantcontact.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends one request and returns the answer whatever its status; I/O failures are {@link IOException}s. */
@FunctionalInterface
public interface HttpTransport {
    HttpResult send(HttpCall call) throws IOException;

    /**
     * As {@link #send}, but a 2xx body goes to {@code target} (not to the result, whose body is then empty), so a
     * large file never sits in the heap. This default goes through {@link #send}; a streaming transport overrides it.
     */
    default HttpResult download(HttpCall call, Path target) throws IOException {
        HttpResult r = send(call);
        if (!r.ok()) {
            return r;
        }
        Files.writeString(target, r.body(), StandardCharsets.UTF_8);
        return new HttpResult(r.status(), r.headers(), "");
    }
}
