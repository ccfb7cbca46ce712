package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpCall;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens by the OAuth2 refresh grant, kept across runs in the {@link RefreshTokenStore}: a new process
 * reuses the stored access token until it is within the margin of its expiry, so one-shot runs do not refresh
 * every time. Refresh tokens may rotate (each works once), so the token about to be spent is stored with a
 * "refresh started" mark before the request is sent, and the new pair is stored before the access token is used.
 * When the answer of a refresh is lost (I/O failure, crash), the next attempt spends the same stored token again;
 * the authorization server (Okta) honours it during its rotation grace period. If it refuses that token
 * ({@code invalid_grant}), the configured one (CTCT_REFRESH_TOKEN) is tried; if both are refused, the engine fails
 * with {@link #LOCKED_OUT}; with neither a stored nor a configured token, with {@link #NOT_CONNECTED}. The first
 * stored pair comes from {@link AuthorizationCodeFlow} ({@code contact-sync authorize}). One refresh at a time; the token endpoint's 1 request/second is respected. No token
 * ever reaches a log or an exception message.
 */
public final class OAuthTokenProvider {

    /** What an operator reads when no refresh token is accepted any more. */
    public static final String LOCKED_OUT = "Constant Contact refused both the stored and the configured refresh token"
            + " (invalid_grant). Either the authorization server rotated the refresh token and the new one was lost"
            + " (a refresh whose answer never arrived: a crash or a network failure during the refresh), or the app"
            + " was de-authorized. To recover, authorize the app again: run `contact-sync authorize` (see"
            + " docs/constant-contact.md), which stores a new refresh token in the state store, then start the engine"
            + " again (CTCT_REFRESH_TOKEN is not needed for that).";

    /** What an operator reads when no account was ever connected. */
    public static final String NOT_CONNECTED = "no Constant Contact refresh token: the state store holds none for this"
            + " client id and CTCT_REFRESH_TOKEN (sync.ctct.refresh-token) is not set. Connect the account with"
            + " `contact-sync authorize` (see docs/constant-contact.md).";

    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOKEN_ENDPOINT_INTERVAL_MS = 1_100;
    private static final int MAX_ATTEMPTS = 6;

    private final URI tokenUrl;
    private final String clientId;
    private final String basicAuth;
    private final String configuredRefreshToken;
    private final RefreshTokenStore store;
    private final HttpTransport transport;
    private final Clock clock;
    private final Duration margin;

    private String accessToken;
    private Instant expiresAt = Instant.EPOCH;
    private String rejectedAccessToken;
    private long lastTokenCallMillis;
    private long refreshCount;

    public OAuthTokenProvider(URI tokenUrl, String clientId, String clientSecret, String configuredRefreshToken,
                              RefreshTokenStore store, HttpTransport transport, Clock clock, Duration margin) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + (clientSecret == null ? "" : clientSecret)).getBytes(StandardCharsets.UTF_8));
        this.configuredRefreshToken = configuredRefreshToken;
        this.store = store;
        this.transport = transport;
        this.clock = clock;
        this.margin = margin;
    }

    /** A valid access token: the one in memory, else the stored one, refreshed first when it expires within the margin. */
    public synchronized String accessToken() {
        if (!fresh(accessToken, expiresAt)) {
            Optional<RefreshTokenStore.Stored> stored = store.load(clientId);
            RefreshTokenStore.Stored s = stored.orElse(null);
            if (s != null && s.refreshStartedAt() == null && fresh(s.accessToken(), s.accessExpiresAt())
                    && !s.accessToken().equals(rejectedAccessToken)) {
                accessToken = s.accessToken();
                expiresAt = s.accessExpiresAt();
                LOG.debug("Using the stored access token; it expires at {}", expiresAt);
            } else {
                refresh(s);
            }
        }
        return accessToken;
    }

    /** Drops the access token (after a 401) so the next call refreshes instead of reusing it, even from the store. */
    public synchronized void invalidate() {
        rejectedAccessToken = accessToken;
        accessToken = null;
    }

    /** How many refresh grants succeeded since start. */
    public synchronized long refreshCount() {
        return refreshCount;
    }

    private boolean fresh(String token, Instant expiry) {
        return token != null && expiry != null && clock.instant().plus(margin).isBefore(expiry);
    }

    /** The stored token first (again, if its last refresh never answered), then the configured one. */
    private void refresh(RefreshTokenStore.Stored stored) {
        List<String> candidates = new ArrayList<>(2);
        if (stored != null) {
            candidates.add(stored.refreshToken());
            if (stored.refreshStartedAt() != null) {
                LOG.warn("The token refresh started at {} never completed (its answer was lost);"
                        + " trying the same refresh token again", stored.refreshStartedAt());
            }
        }
        if (configuredRefreshToken != null && !candidates.contains(configuredRefreshToken)) {
            candidates.add(configuredRefreshToken);
        }
        if (candidates.isEmpty()) {
            throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, 0,
                    NOT_CONNECTED, null, null, null);
        }
        for (int i = 0; i < candidates.size(); i++) {
            try {
                store.refreshStarting(clientId, candidates.get(i)); // durable before the token is spent
                grant(candidates.get(i));
                return;
            } catch (CtctApiException e) {
                if (!isInvalidGrant(e)) {
                    throw e;
                }
                if (i + 1 < candidates.size()) {
                    LOG.warn("The stored refresh token was refused (invalid_grant); trying the configured one (CTCT_REFRESH_TOKEN)");
                }
            }
        }
        throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, 400, LOCKED_OUT, null, null, null);
    }

    private void grant(String refreshToken) {
        String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        HttpCall call = new HttpCall("POST", tokenUrl, Map.of("Authorization", basicAuth, "Accept", "application/json"),
                form, "application/x-www-form-urlencoded");
        for (int attempt = 1; ; attempt++) {
            HttpResult result = post(call, attempt);
            if (result != null && result.ok()) {
                accept(result, refreshToken);
                return;
            }
            if (result != null && result.status() != 429 && result.status() < 500) {
                String error = errorCode(result);
                String hint = "invalid_client".equals(error)
                        ? ": check sync.ctct.client-id and CTCT_CLIENT_SECRET"
                        : ": authorize the app again with `contact-sync authorize`";
                throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, result.status(),
                        "token refresh refused (" + result.status() + " " + error + ")" + hint, error, null, null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new CtctApiException(CtctApiException.Kind.RETRYABLE, result == null ? 0 : result.status(),
                        "token endpoint unavailable after " + attempt + " attempts", null, null, null);
            }
            // A lost answer (I/O failure) is retried with the same token: the server may have rotated it, and then
            // only its grace period can still honour it.
            sleep(TOKEN_ENDPOINT_INTERVAL_MS * attempt);
        }
    }

    private static boolean isInvalidGrant(CtctApiException e) {
        return e.kind() == CtctApiException.Kind.AUTHORIZATION && "invalid_grant".equals(e.body());
    }

    private HttpResult post(HttpCall call, int attempt) {
        long wait = lastTokenCallMillis + TOKEN_ENDPOINT_INTERVAL_MS - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
        lastTokenCallMillis = System.currentTimeMillis();
        try {
            return transport.send(call);
        } catch (IOException e) {
            LOG.warn("Token endpoint I/O failure (attempt {}): {}", attempt, e.getClass().getSimpleName());
            return null;
        }
    }

    private void accept(HttpResult result, String usedRefreshToken) {
        JsonNode body;
        try {
            body = JSON.readTree(result.body());
        } catch (IOException e) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, result.status(), "token response is not JSON", null, null, e);
        }
        String access = body.path("access_token").asText(null);
        if (access == null) {
            throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, result.status(), "token response has no access_token", null, null, null);
        }
        String next = body.path("refresh_token").asText(usedRefreshToken);
        Instant expiry = expiry(access, body.path("expires_in").asLong(0), clock);
        store.refreshed(clientId, next, access, expiry); // durable before the access token is used
        accessToken = access;
        expiresAt = expiry;
        rejectedAccessToken = null;
        refreshCount++;
        LOG.debug("Access token refreshed; expires at {}", expiresAt);
    }

    /**
     * The earlier of the JWT's {@code exp} and {@code expires_in} from now: {@code exp} is on the server's clock,
     * which may run ahead of ours.
     */
    static Instant expiry(String jwt, long expiresIn, Clock clock) {
        Instant byLifetime = clock.instant().plusSeconds(expiresIn > 0 ? expiresIn : 3600);
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims.has("exp")) {
                    Instant exp = Instant.ofEpochSecond(claims.get("exp").asLong());
                    return expiresIn > 0 && byLifetime.isBefore(exp) ? byLifetime : exp;
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("Access token is not a readable JWT; using expires_in");
            }
        }
        return byLifetime;
    }

    private static String errorCode(HttpResult result) {
        try {
            return JSON.readTree(result.body()).path("error").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "interrupted", null, null, e);
        }
    }
}
