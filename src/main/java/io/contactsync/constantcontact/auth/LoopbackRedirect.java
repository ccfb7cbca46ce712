package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A one-shot OAuth2 redirect listener on {@code http://127.0.0.1:<port>/callback} (RFC 8252's loopback redirect):
 * bound to the loopback interface only, it takes the first request to {@code /callback}, checks its {@code state}
 * against the one sent with the authorize request, answers the browser with a short HTML page, and stops. Any other
 * path is a 404 and does not count (browsers ask for {@code /favicon.ico}). Thread-safe; close it in every case.
 */
public final class LoopbackRedirect implements AutoCloseable {

    public static final String PATH = "/callback";

    /** What came back to the redirect URI. */
    public sealed interface Callback {
        /** The user approved: the code to exchange (a secret; never printed). */
        record Approved(String code) implements Callback {
            @Override
            public String toString() {
                return "Approved[code=****]";
            }
        }

        /** The authorization server or the user refused: OAuth's {@code error} and its description (may be empty). */
        record Refused(String error, String description) implements Callback {
        }

        /** The {@code state} was missing or not ours: a forged or stale redirect, possibly a CSRF attempt. */
        record StateMismatch() implements Callback {
        }
    }

    private final HttpServer server;
    private final String state;
    private final CompletableFuture<Callback> callback = new CompletableFuture<>();

    private LoopbackRedirect(HttpServer server, String state) {
        this.server = server;
        this.state = state;
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} ({@code 0} picks a free port). Throws {@link IOException} when
     * the port is taken.
     */
    public static LoopbackRedirect start(int port, String expectedState) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        LoopbackRedirect redirect = new LoopbackRedirect(server, expectedState);
        server.createContext("/", redirect::handle);
        server.start();
        return redirect;
    }

    /** The redirect URI to send and to register with the application: {@code http://127.0.0.1:<port>/callback}. */
    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** Waits for the browser's redirect; empty when none came within {@code timeout}. */
    public Optional<Callback> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the redirect listener failed", e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())
                    || callback.isDone()) {
                respond(exchange, 404, "Not found", "This address only takes one authorization redirect.");
                return;
            }
            Callback c = read(query(exchange.getRequestURI().getRawQuery()));
            if (c instanceof Callback.Approved) {
                respond(exchange, 200, "Authorized", "contact-sync is authorized; you can close this tab.");
            } else if (c instanceof Callback.Refused r) {
                respond(exchange, 400, "Not authorized", "Constant Contact answered " + r.error()
                        + (r.description().isEmpty() ? "" : ": " + r.description()) + ". Run contact-sync authorize again.");
            } else {
                respond(exchange, 400, "Not authorized", "This redirect does not belong to the running authorization"
                        + " (state mismatch). Run contact-sync authorize again.");
            }
            callback.complete(c);
        }
    }

    private Callback read(Map<String, String> params) {
        String got = params.get("state");
        // Checked first, also for an error answer: a redirect that is not ours must not end the authorization's story.
        if (got == null || !MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            return new Callback.StateMismatch();
        }
        if (params.containsKey("error")) {
            return new Callback.Refused(params.get("error"), params.getOrDefault("error_description", ""));
        }
        String code = params.get("code");
        return code == null || code.isBlank()
                ? new Callback.Refused("invalid_request", "the redirect carried neither a code nor an error")
                : new Callback.Approved(code);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String title, String text) throws IOException {
        byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head>"
                + "<body><h1>" + html(title) + "</h1><p>" + html(text) + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Stops listening at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
