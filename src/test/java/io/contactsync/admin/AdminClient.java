package io.contactsync.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls the admin endpoints over real HTTP on loopback. */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every reply must be JSON: a body that is not fails the call. */
    record Reply(int status, JsonNode body, String contentType, String allow) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    AdminClient(int port) {
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String token) {
        return join(send(request(path, token).GET()));
    }

    Reply post(String path, String token, String body) {
        return join(postAsync(path, token, body));
    }

    CompletableFuture<Reply> postAsync(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method, with the headers given as name, value pairs (e.g. a raw {@code Authorization} header). */
    Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return join(send(b));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private CompletableFuture<Reply> send(HttpRequest.Builder b) {
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            try {
                return new Reply(r.statusCode(), r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body()),
                        r.headers().firstValue("Content-Type").orElse(null), r.headers().firstValue("Allow").orElse(null));
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + r.body(), e);
            }
        });
    }

    private static Reply join(CompletableFuture<Reply> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
