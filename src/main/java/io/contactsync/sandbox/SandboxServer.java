package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stateful Constant Contact V3 API emulator over real HTTP (the JDK's HTTP server, 16 worker threads). Serves
 * {@code /v3/**}, the OAuth2 endpoints under {@code /oauth2/default/v1/} and the control API under {@code /sandbox}.
 * Start it with {@link #start(SandboxConfig)}; {@link #close()} stops it and flushes state to the data directory.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

    /** The JDK property that makes the HTTP server set TCP_NODELAY on every accepted connection. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // Without TCP_NODELAY, Nagle's algorithm holds the end of each response back until the client's delayed ACK
        // (about 40 ms on Linux), so every keep-alive request took ~45 ms instead of ~1 ms. The JDK reads this
        // property only once, in a static initializer of sun.net.httpserver.ServerConfig, i.e. when the first
        // HttpServer of the JVM is created: it must be set before any HttpServer.create, which is why it sits here
        // (this class initializes before its constructor calls HttpServer.create) and not in the CLI. A JVM that
        // already started another JDK HttpServer before loading this class keeps the delay.
        System.setProperty(NODELAY_PROPERTY, "true");
    }

    private final SandboxConfig config;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledExecutorService flusher;
    private final Account account = new Account();
    private final SandboxClock clock = new SandboxClock(Clock.systemUTC());
    private final SandboxStats stats = new SandboxStats();
    private final FaultInjector faults = new FaultInjector();
    private final TokenService tokens;
    private final ActivityWorker worker;
    private final SandboxStore store;
    private final V3Gateway gateway;
    private final OAuthEndpoint oauth;
    private final Router control = new Router();

    private SandboxServer(SandboxConfig config) throws IOException, SQLException {
        this.config = config;
        this.tokens = new TokenService(config, clock);
        RateLimits limits = new RateLimits(config.requestsPerSecond(), config.dailyQuota());
        this.worker = new ActivityWorker(account, clock, config.activityProcessingMillis(), faults);
        this.store = config.dataDir() == null ? null : new SandboxStore(config.dataDir());
        if (store == null) {
            account.stopTrackingChanges();
        } else {
            account.exportFiles.useDataDir(config.dataDir());
            store.load(account, tokens, stats, clock);
            account.activities.values().stream().filter(a -> !a.isFinal()).forEach(a -> worker.schedule(a.activityId));
        }
        Router api = new Router();
        new ContactsApi(account, clock).register(api);
        new ActivitiesApi(account, clock, worker, config, stats).register(api);
        new CatalogApi(account, clock).register(api);
        new ControlApi(account, clock, stats, faults, limits).register(control);
        this.gateway = new V3Gateway(api, stats, faults, tokens, limits, config, clock,
                java.util.concurrent.CompletableFuture.supplyAsync(SpecContract::shared));
        this.oauth = new OAuthEndpoint(config, clock, tokens, stats, faults);
        this.workers = Executors.newFixedThreadPool(16, daemon("sandbox-http"));
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        http.setExecutor(workers);
        http.createContext("/", this::exchange);
        this.flusher = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-store"));
        if (store != null) {
            flusher.scheduleWithFixedDelay(this::flushQuietly, 200, 200, TimeUnit.MILLISECONDS);
        }
        http.start();
    }

    /**
     * Starts a sandbox and returns once it is listening.
     *
     * @throws IllegalStateException if it cannot bind or load its state, or its libraries are not installed
     */
    public static SandboxServer start(SandboxConfig config) {
        SandboxLibraries.require();
        try {
            return new SandboxServer(config);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the sandbox: " + e.getMessage(), e);
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    public URI apiUri() {
        return URI.create(baseUri() + "/v3");
    }

    public URI tokenUri() {
        return URI.create(baseUri() + OAuthEndpoint.TOKEN_PATH);
    }

    public SandboxConfig config() {
        return config;
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            SandboxRequest request = read(ex);
            SandboxResponse response;
            try {
                response = dispatch(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("sandbox failed on {} {}", request.method(), request.path(), e);
                response = SandboxResponse.error(500, "server.error", "Internal error: " + e.getClass().getSimpleName());
            }
            if (response == null) {
                // Injected timeout: close the connection without any answer.
                return;
            }
            response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (response.contentType() != null) {
                ex.getResponseHeaders().add("Content-Type", response.contentType());
            }
            if (response.file() != null) {
                // A large body (an export's CSV) streamed from its file, never read into the heap.
                ex.sendResponseHeaders(response.status(), java.nio.file.Files.size(response.file()));
                try (OutputStream out = ex.getResponseBody()) {
                    java.nio.file.Files.copy(response.file(), out);
                }
                return;
            }
            boolean noBody = response.body().length == 0;
            ex.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private SandboxResponse dispatch(SandboxRequest request) throws InterruptedException {
        String path = request.path();
        if (path.startsWith("/v3/") || path.equals("/v3")) {
            return gateway.handle(request);
        }
        if (path.equals(OAuthEndpoint.TOKEN_PATH) && request.method().equals("POST")) {
            return oauth.token(request);
        }
        if (path.equals(OAuthEndpoint.AUTHORIZE_PATH) && request.method().equals("GET")) {
            return oauth.authorize(request);
        }
        if (path.startsWith("/sandbox/")) {
            if (!ControlApi.isLoopback(request.remote())) {
                return SandboxResponse.error(403, "forbidden", "the control API only answers loopback clients");
            }
            Optional<Router.Match> m = control.match(request.method(), path);
            if (m.isEmpty()) {
                return SandboxResponse.error(404, "not.found", "Resource not found: " + path);
            }
            JsonNode body = null;
            if (request.body().length > 0) {
                try {
                    body = SandboxJson.MAPPER.readTree(request.body());
                } catch (IOException e) {
                    return SandboxResponse.error(400, "malformed.json", "Malformed JSON");
                }
            }
            try {
                return m.get().handler().handle(new Router.Call(request, m.get().pathVars(), body));
            } catch (ApiError e) {
                return e.toResponse();
            }
        }
        return SandboxResponse.error(404, "not.found", "Resource not found: " + path);
    }

    private static SandboxRequest read(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        URI uri = ex.getRequestURI();
        return new SandboxRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT), uri.getPath(),
                SandboxRequest.parseForm(uri.getRawQuery()), headers, body, ex.getRemoteAddress().getAddress());
    }

    private void flushQuietly() {
        try {
            store.flush(account, tokens, stats, clock);
        } catch (RuntimeException e) {
            LOG.warn("sandbox could not persist its state", e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
        worker.close();
        flusher.shutdownNow();
        account.exportFiles.close();
        if (store != null) {
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.flush(account, tokens, stats, clock);
            store.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
