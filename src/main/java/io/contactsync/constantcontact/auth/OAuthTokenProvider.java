package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
 * Access tokens by the OAuth2 refresh grant. Refresh tokens may rotate (each works once), so the newest is
 * saved in the {@link RefreshTokenStore} before the access token it came with is used: a crash can never
 * leave the engine holding only a spent token. Refreshes only when the token is near its {@code exp}; one
 * refresh at a time; the token endpoint's 1 request/second is respected. No token ever reaches a log or an
 * exception message.
 */
public final class OAuthTokenProvider {

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

    /** A valid access token, refreshed first when it expires within the margin. */
    public synchronized String accessToken() {
        if (accessToken == null || !clock.instant().plus(margin).isBefore(expiresAt)) {
            refresh();
        }
        return accessToken;
    }

    /** Drops the cached access token (after a 401) so the next call refreshes. */
    public synchronized void invalidate() {
        accessToken = null;
    }

    /** How many refresh grants succeeded since start. */
    public synchronized long refreshCount() {
        return refreshCount;
    }

    private void refresh() {
        Optional<String> stored = store.load(clientId);
        String token = stored.orElse(configuredRefreshToken);
        if (token == null) {
            throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, 0,
                    "no refresh token: set CTCT_REFRESH_TOKEN (sync.ctct.refresh-token) after authorizing the app", null, null, null);
        }
        try {
            grant(token);
        } catch (CtctApiException e) {
            // The operator may have authorized again and put a new token in the environment.
            boolean envDiffers = stored.isPresent() && configuredRefreshToken != null && !configuredRefreshToken.equals(token);
            if (e.kind() == CtctApiException.Kind.AUTHORIZATION && envDiffers) {
                LOG.warn("Stored refresh token refused; trying the one from the environment");
                grant(configuredRefreshToken);
            } else {
                throw e;
            }
        }
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
                throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, result.status(),
                        "token refresh refused (" + result.status() + " " + errorCode(result) + "): authorize the app again"
                                + " and set CTCT_REFRESH_TOKEN", null, null, null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new CtctApiException(CtctApiException.Kind.RETRYABLE, result == null ? 0 : result.status(),
                        "token endpoint unavailable after " + attempt + " attempts", null, null, null);
            }
            sleep(TOKEN_ENDPOINT_INTERVAL_MS * attempt);
        }
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
        String rotated = body.path("refresh_token").asText(null);
        if (rotated != null && !rotated.equals(usedRefreshToken)) {
            store.save(clientId, rotated); // durable before the access token is used
        } else if (store.load(clientId).isEmpty()) {
            store.save(clientId, usedRefreshToken);
        }
        accessToken = access;
        expiresAt = expiry(access, body.path("expires_in").asLong(0));
        refreshCount++;
        LOG.debug("Access token refreshed; expires at {}", expiresAt);
    }

    /** The JWT's {@code exp} when readable, else {@code expires_in} from now. */
    private Instant expiry(String jwt, long expiresIn) {
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims.has("exp")) {
                    return Instant.ofEpochSecond(claims.get("exp").asLong());
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("Access token is not a readable JWT; using expires_in");
            }
        }
        return clock.instant().plusSeconds(expiresIn > 0 ? expiresIn : 3600);
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
