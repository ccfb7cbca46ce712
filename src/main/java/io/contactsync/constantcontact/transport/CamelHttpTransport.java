package io.contactsync.constantcontact.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * Every request to Constant Contact goes through Camel's HTTP component. One endpoint per scheme and host
 * (the full URL travels in {@link Exchange#HTTP_URI}), so per-contact paths do not grow the endpoint registry.
 * Non-2xx answers come back as results, not exceptions: the caller classifies them. The component's own retries
 * are off: every request on the wire is one that the caller paced and counted.
 */
public final class CamelHttpTransport implements HttpTransport {

    private final Supplier<ProducerTemplate> template;
    private static final String DOWNLOAD = "direct:contactsync-ctct-download";
    private static final String DOWNLOAD_ENDPOINT = "contactsyncDownloadEndpoint";
    private static final String DOWNLOAD_TARGET = "contactsyncDownloadTarget";

    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final AtomicBoolean downloadRoute = new AtomicBoolean();

    /** @param template resolved on first use: Camel may start after this transport is built */
    public CamelHttpTransport(Supplier<ProducerTemplate> template) {
        this.template = template;
    }

    @Override
    public HttpResult send(HttpCall call) throws IOException {
        Message out = exchange(call, endpointFor(call.uri(), false));
        return new HttpResult(status(out), headers(out), out.getBody(String.class));
    }

    /**
     * Streams a 2xx body to the file. The request goes through a small internal route whose endpoint has Camel's
     * stream cache off, so the body is the connection's own stream; the route's last step copies it to disk while
     * the exchange is still open (after the exchange the stream is closed).
     */
    @Override
    public HttpResult download(HttpCall call, Path target) throws IOException {
        ensureDownloadRoute();
        Exchange answer = template.get().send(DOWNLOAD, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, call.method());
            in.setHeader(Exchange.HTTP_URI, call.uri().toString());
            call.headers().forEach(in::setHeader);
            in.setBody(null);
            exchange.setProperty(DOWNLOAD_ENDPOINT, endpointFor(call.uri(), true));
            exchange.setProperty(DOWNLOAD_TARGET, target);
        });
        Exception failure = answer.getException();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(call + " failed: " + failure.getMessage(), failure);
        }
        Message out = answer.getMessage();
        return new HttpResult(status(out), headers(out), out.getBody(String.class));
    }

    private void ensureDownloadRoute() throws IOException {
        if (downloadRoute.get()) {
            return;
        }
        synchronized (downloadRoute) {
            if (downloadRoute.get()) {
                return;
            }
            try {
                template.get().getCamelContext().addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(DOWNLOAD).routeId("ctct-download")
                                .toD("${exchangeProperty." + DOWNLOAD_ENDPOINT + "}")
                                .process(CamelHttpTransport::saveBody);
                    }
                });
            } catch (Exception e) {
                throw new IOException("cannot add the download route: " + e.getMessage(), e);
            }
            downloadRoute.set(true);
        }
    }

    /** The route's last step: a 2xx body to the target file (the body becomes empty); any other stays as text. */
    private static void saveBody(Exchange exchange) throws IOException {
        Message out = exchange.getMessage();
        int status = status(out);
        if (status < 200 || status >= 300) {
            out.setBody(out.getBody(String.class));
            return;
        }
        Path target = exchange.getProperty(DOWNLOAD_TARGET, Path.class);
        try (InputStream in = out.getBody(InputStream.class)) {
            if (in == null) {
                Files.writeString(target, "");
            } else {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        out.setBody("");
    }

    private Message exchange(HttpCall call, String endpoint) throws IOException {
        Exchange answer = template.get().send(endpoint, exchange -> {
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
        return answer.getMessage();
    }

    private static int status(Message out) {
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 0 : status;
    }

    private static Map<String, String> headers(Message out) {
        Map<String, String> headers = new TreeMap<>();
        out.getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel")) {
                headers.put(k.toLowerCase(Locale.ROOT), v.toString());
            }
        });
        return headers;
    }

    private String endpointFor(URI uri, boolean streamed) {
        String base = uri.getScheme() + "://" + uri.getAuthority();
        String options = "?throwExceptionOnFailure=false&followRedirects=false" + (streamed ? "&disableStreamCache=true" : "");
        return endpoints.computeIfAbsent(base + options, b -> {
            disableAutomaticRetries(uri.getScheme());
            return b;
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
