package io.contactsync.admin;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The facts of one admin HTTP request that the endpoints decide on, read from the Vert.x request itself.
 *
 * <p>platform-http copies query parameters into Camel headers, so a Camel header {@code Authorization} may come from
 * {@code ?Authorization=Bearer …}: a token in a URL ends up in proxy and shell histories and must never count. Hence
 * {@code authorization} is the HTTP request header only, and {@code direction} the query parameter only.
 *
 * @param method        the HTTP method, e.g. {@code POST}
 * @param authorization the {@code Authorization} request header, or null
 * @param direction     the {@code direction} query parameter, or null
 * @param body          the request body as text, or null
 */
public record AdminRequest(String method, String authorization, String direction, String body) {

    /** Reads the request of an exchange that came in through platform-http on Vert.x; anything else has no token. */
    static AdminRequest of(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (exchange.getMessage() instanceof HttpMessage http && http.getRequest() != null) {
            HttpServerRequest request = http.getRequest();
            return new AdminRequest(request.method().name(), request.getHeader("Authorization"),
                    request.getParam("direction"), body);
        }
        return new AdminRequest(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class), null, null, body);
    }
}
