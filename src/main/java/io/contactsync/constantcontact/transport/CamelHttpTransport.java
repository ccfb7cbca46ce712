package io.contactsync.constantcontact.transport;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;

/**
 * Every request to Constant Contact goes through Camel's HTTP component. One endpoint per scheme and host
 * (the full URL travels in {@link Exchange#HTTP_URI}), so per-contact paths do not grow the endpoint registry.
 * Non-2xx answers come back as results, not exceptions: the caller classifies them. The component's own retries
 * are off: every request on the wire is one that the caller paced and counted.
 */
public final class CamelHttpTransport implements HttpTransport {

    private final Supplier<ProducerTemplate> template;
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();

    /** @param template resolved on first use: Camel may start after this transport is built */
    public CamelHttpTransport(Supplier<ProducerTemplate> template) {
        this.template = template;
    }

    @Override
    public HttpResult send(HttpCall call) throws IOException {
        Exchange answer = template.get().send(endpointFor(call.uri()), exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, call.method());
            in.setHeader(Exchange.HTTP_URI, call.uri().toString());
            call.headers().forEach(in::setHeader);
            if (call.body() != null) {
                in.setHeader(Exchange.CONTENT_TYPE, call.contentType());
                in.setBody(call.body());
            } else {
                in.setBody(null);
            }
        });
        Exception failure = answer.getException();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(call + " failed: " + failure.getMessage(), failure);
        }
        Message out = answer.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> headers = new TreeMap<>();
        out.getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel")) {
                headers.put(k.toLowerCase(Locale.ROOT), v.toString());
            }
        });
        return new HttpResult(status == null ? 0 : status, headers, out.getBody(String.class));
    }

    private String endpointFor(URI uri) {
        String base = uri.getScheme() + "://" + uri.getAuthority();
        return endpoints.computeIfAbsent(base, b -> {
            disableAutomaticRetries(uri.getScheme());
            return b + "?throwExceptionOnFailure=false&followRedirects=false";
        });
    }

    /**
     * Apache HttpClient retries a 429 or 503 once by itself (and I/O failures of idempotent requests), after a
     * second or the Retry-After: outside the engine's pacer, retry policy and call count, and even after
     * {@code quota_exceeded}. The engine's client is the one retry layer, so the component (one per scheme:
     * {@code http} and {@code https} are two) builds its clients without. Set before the first endpoint of the
     * scheme is created, as the component applies it when it builds an endpoint's client.
     */
    private void disableAutomaticRetries(String scheme) {
        CamelContext context = template.get().getCamelContext();
        HttpComponent component = context.getComponent(scheme, HttpComponent.class);
        if (component == null) {
            throw new IllegalStateException("Camel has no " + scheme + " component (camel-http)");
        }
        component.setAutomaticRetriesDisabled(true);
    }
}
