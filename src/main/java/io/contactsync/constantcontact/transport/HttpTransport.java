package io.contactsync.constantcontact.transport;

import java.io.IOException;

/** Sends one request and returns the answer whatever its status; I/O failures are {@link IOException}s. */
@FunctionalInterface
public interface HttpTransport {
    HttpResult send(HttpCall call) throws IOException;
}
