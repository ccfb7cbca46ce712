package io.contactsync.admin;

import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The facts of one admin HTTP request that the endpoints decide on, read from the Vert.x request itself.
 *
 * <p>platform-http copies query parameters into Camel headers, so a Camel header {@code Authorization} may come from
 * {@code ?Authorization=Bearer …}: a token in a URL ends up in proxy and shell histories and must never count. Hence
 * {@code authorization} is the HTTP request header only, and {@code query} the query parameters only.
 *
 * @param method        the HTTP method, e.g. {@code POST}
 * @param authorization the {@code Authorization} request header, or null
 * @param path          the request path without the query, e.g. {@code /admin/runs/42}; null when unknown
 * @param query         the query parameters (the first value of each), never null
 * @param cookie        the {@code Cookie} request header, or null
 * @param contentType   the {@code Content-Type} request header, or null
 * @param body          the request body as text, or null
 */
public record AdminRequest(String method, String authorization, String path, Map<String, String> query,
                           String cookie, String contentType, String body) {

    public AdminRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    /** A request with a method, an Authorization header and a body only (tests, internal calls). */
    public static AdminRequest of(String method, String authorization, String body) {
        return new AdminRequest(method, authorization, null, Map.of(), null, null, body);
    }

    /** The {@code direction} query parameter, or null. */
    public String direction() {
        return query.get("direction");
    }

    /** A query parameter, or null. */
    public String param(String name) {
        return query.get(name);
    }

    /** What follows {@code prefix} in the path ({@code /admin/runs/} → {@code 42}), or null when it does not start so. */
    public String pathAfter(String prefix) {
        if (path == null || !path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        return path.substring(prefix.length());
    }

    /** Reads the request of an exchange that came in through platform-http on Vert.x; anything else has no token. */
    static AdminRequest of(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (exchange.getMessage() instanceof HttpMessage http && http.getRequest() != null) {
            HttpServerRequest request = http.getRequest();
            Map<String, String> query = new TreeMap<>();
            request.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
            return new AdminRequest(request.method().name(), request.getHeader("Authorization"), request.path(),
                    query, request.getHeader("Cookie"), request.getHeader("Content-Type"), body);
        }
        return of(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class), null, body);
    }
}
