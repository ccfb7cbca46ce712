package io.contactsync.constantcontact.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.contactsync.constantcontact.observer.CtctCallObserver;
import io.contactsync.constantcontact.auth.OAuthTokenProvider;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpCall;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorized, paced, retried JSON calls to the V3 API. Classifies every failure: 429 {@code throttled}, the
 * queued-activities cap, 5xx and I/O are retried with exponential backoff and jitter (honouring
 * {@code Retry-After} when present); 401 refreshes the token once; 429 {@code quota_exceeded} stops until the
 * daily reset; other 4xx are permanent. Thread-safe.
 */
public final class CtctHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(CtctHttpClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Retry settings: attempts after the first, and the backoff range. */
    public record RetryPolicy(int maxRetries, Duration initial, Duration max) {
    }

    private final URI apiUrl;
    private final URI hostUrl;
    private final OAuthTokenProvider tokens;
    private final RequestPacer pacer;
    private final HttpTransport transport;
    private final RetryPolicy retry;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Clock clock;
    private final AtomicReference<ServerDate> serverDate = new AtomicReference<>();
    private volatile CtctCallObserver observer = CtctCallObserver.NONE;

    /** The server's {@code Date} of the latest answer, and when (by our clock) that answer arrived. */
    private record ServerDate(Instant date, Instant receivedAt) {
    }

    public CtctHttpClient(URI apiUrl, OAuthTokenProvider tokens, RequestPacer pacer, HttpTransport transport, RetryPolicy retry) {
        this(apiUrl, tokens, pacer, transport, retry, Clock.systemUTC());
    }

    /** @param clock measures the time since the server's last {@code Date} (see {@link #serverNow()}) */
    public CtctHttpClient(URI apiUrl, OAuthTokenProvider tokens, RequestPacer pacer, HttpTransport transport, RetryPolicy retry,
                          Clock clock) {
        String base = apiUrl.toString();
        this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.hostUrl = URI.create(apiUrl.getScheme() + "://" + apiUrl.getAuthority());
        this.tokens = tokens;
        this.pacer = pacer;
        this.transport = transport;
        this.retry = retry;
        this.clock = clock;
    }

    /** GET {@code path} (relative to the API URL, with its query already encoded). */
    public JsonNode get(String path) {
        return json(call("GET", apiUrl + path, null));
    }

    /** GET a link exactly as Constant Contact gave it in {@code _links.*.href} (a path relative to the host). */
    public JsonNode getHref(String href) {
        return json(call("GET", href.startsWith("http") ? href : hostUrl + href, null));
    }

    /** GET a CSV file (an export) by its href straight to {@code target}, never whole in the heap. */
    public void download(String href, Path target) {
        call("GET", href.startsWith("http") ? href : hostUrl + href, null, "text/csv", target);
    }

    public JsonNode post(String path, Object body) {
        return json(call("POST", apiUrl + path, write(body)));
    }

    /** POST a body already encoded as JSON (imports: the batcher measured its size). */
    public JsonNode postEncoded(String path, String jsonBody) {
        return json(call("POST", apiUrl + path, jsonBody));
    }

    public JsonNode put(String path, Object body) {
        return json(call("PUT", apiUrl + path, write(body)));
    }

    public void delete(String path) {
        call("DELETE", apiUrl + path, null);
    }

    /** Who is told about every request and its outcome (metrics, health); {@link CtctCallObserver#NONE} by default. */
    public void observe(CtctCallObserver observer) {
        this.observer = observer == null ? CtctCallObserver.NONE : observer;
    }

    /** HTTP requests sent to the API (retries included), since start. */
    public long apiCalls() {
        return calls.get();
    }

    /** Adds the requests counted so far to the shared daily count (see {@link RequestPacer#flushBudget()}). */
    public void flushBudget() {
        pacer.flushBudget();
    }

    public long retries() {
        return retries.get();
    }

    /**
     * Constant Contact's "now" as its clock tells it: the {@code Date} header of its latest answer plus the time
     * elapsed since, by this client's clock. Empty until an answer with a readable {@code Date} arrived. The header
     * has whole seconds, so the estimate runs up to a second (plus that answer's latency) behind the server, never
     * ahead of it: the safe side for capping a checkpoint.
     */
    public Optional<Instant> serverNow() {
        ServerDate d = serverDate.get();
        if (d == null) {
            return Optional.empty();
        }
        Duration elapsed = Duration.between(d.receivedAt(), clock.instant());
        return Optional.of(d.date().plus(elapsed.isNegative() ? Duration.ZERO : elapsed));
    }

    private HttpResult call(String method, String url, String body) {
        return call(method, url, body, "application/json", null);
    }

    private HttpResult call(String method, String url, String body, String accept, Path target) {
        URI uri = URI.create(url);
        boolean refreshed = false;
        for (int attempt = 0; ; attempt++) {
            HttpResult result;
            // The token first: a refresh (with its own pace on the token endpoint) must not sit between this
            // request's turn and its sending.
            HttpCall call = new HttpCall(method, uri, Map.of("Authorization", "Bearer " + accessToken(),
                    "Accept", accept), body, body == null ? null : "application/json");
            try (RequestPacer.Permit permit = pacer.acquire()) {
                calls.incrementAndGet();
                result = target == null ? transport.send(call) : transport.download(call, target);
            } catch (IOException e) {
                told(method, uri, 0, null);
                retryOrThrow(method, uri, attempt, 0, "I/O failure (" + e.getClass().getSimpleName() + ")", null, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, method + " " + uri.getPath() + " interrupted", null, null, e);
            }
            recordServerDate(result);
            int status = result.status();
            told(method, uri, status, result.ok() ? null : errorKey(result.body()));
            if (result.ok()) {
                return result;
            }
            if (status == 401 && !refreshed) {
                refreshed = true;
                tokens.invalidate();
                continue;
            }
            if (status == 429) {
                String key = errorKey(result.body());
                if ("quota_exceeded".equals(key)) {
                    throw pacer.quotaExceededByServer();
                }
                pacer.throttledByServer();
                retryOrThrow(method, uri, attempt, status, "429 " + (key == null ? "too many requests" : key), result,
                        result.headers().get("retry-after"));
                continue;
            }
            if (status >= 500 || status == 0) {
                retryOrThrow(method, uri, attempt, status, String.valueOf(status), result, result.headers().get("retry-after"));
                continue;
            }
            throw new CtctApiException(CtctApiException.Kind.PERMANENT, status,
                    method + " " + uri.getPath() + " answered " + status + ": " + abbreviate(result.body()), result.body(), null, null);
        }
    }

    private String accessToken() {
        try {
            return tokens.accessToken();
        } catch (CtctApiException e) {
            if (e.kind() == CtctApiException.Kind.AUTHORIZATION) {
                tellQuietly(() -> observer.authorizationFailed(e.getMessage()));
            }
            throw e;
        }
    }

    /** The path relative to the API base (no query: it may hold an e-mail address); the observer normalises ids. */
    private void told(String method, URI uri, int status, String errorKey) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String base = apiUrl.getPath() == null ? "" : apiUrl.getPath();
        String relative = !base.isEmpty() && path.startsWith(base) ? path.substring(base.length()) : path;
        tellQuietly(() -> observer.answered(method, relative, status, errorKey));
    }

    private static void tellQuietly(Runnable telling) {
        try {
            telling.run();
        } catch (RuntimeException e) {
            LOG.debug("Call observer failed: {}", e.toString());
        }
    }

    private void retryOrThrow(String method, URI uri, int attempt, int status, String why, HttpResult result, String retryAfter) {
        if (attempt >= retry.maxRetries()) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, status, method + " " + uri.getPath() + " failed after "
                    + (attempt + 1) + " attempts: " + why, result == null ? null : result.body(), null, null);
        }
        long delay = backoffMillis(attempt, retryAfter);
        retries.incrementAndGet();
        LOG.debug("{} {}: {}; retry {} in {} ms", method, uri.getPath(), why, attempt + 1, delay);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, status, "interrupted during backoff", null, null, e);
        }
    }

    private void recordServerDate(HttpResult result) {
        String date = result.headers().get("date");
        if (date == null) {
            return;
        }
        try {
            serverDate.set(new ServerDate(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.trim())), clock.instant()));
        } catch (DateTimeException e) {
            LOG.debug("Unreadable Date header '{}'", date);
        }
    }

    long backoffMillis(int attempt, String retryAfter) {
        if (retryAfter != null) {
            try {
                return Math.min(retry.max().toMillis(), Long.parseLong(retryAfter.trim()) * 1000);
            } catch (NumberFormatException e) {
                LOG.debug("Unreadable Retry-After '{}'", retryAfter);
            }
        }
        long base = retry.initial().toMillis() << Math.min(attempt, 20);
        long capped = Math.min(base, retry.max().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** Constant Contact sends a single object for rate limits and an array elsewhere: accept both. */
    static String errorKey(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode first = n.isArray() && !n.isEmpty() ? n.get(0) : n;
            return first == null || first.path("error_key").isMissingNode() ? null : first.path("error_key").asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode json(HttpResult result) {
        if (result.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(result.body());
        } catch (IOException e) {
            throw new CtctApiException(CtctApiException.Kind.PERMANENT, result.status(), "response is not JSON: " + abbreviate(result.body()), result.body(), null, e);
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode request body", e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
