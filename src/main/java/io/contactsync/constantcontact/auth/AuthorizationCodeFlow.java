package io.contactsync.constantcontact.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.constantcontact.transport.HttpCall;
import io.contactsync.constantcontact.transport.HttpResult;
import io.contactsync.constantcontact.transport.HttpTransport;

/**
 * The OAuth2 authorization-code grant with PKCE (S256) that connects a Constant Contact account: it builds the
 * authorize URL the user opens, then exchanges the code that came back to the redirect URI for the first token
 * pair and stores it in the {@link RefreshTokenStore}, where {@link OAuthTokenProvider} finds and rotates it from
 * then on. The client authenticates with HTTP Basic (client id and secret) as for refreshes, and sends the
 * verifier too. Tokens never leave this class except into the store; the answer names only the scope and expiry.
 * Not thread-safe: one authorization at a time.
 */
public final class AuthorizationCodeFlow {

    /** What an authorization asks for: contacts, lists, custom fields and activities, and a refresh token. */
    public static final String SCOPES = "contact_data offline_access";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI authorizeUrl;
    private final URI tokenUrl;
    private final String clientId;
    private final String basicAuth;
    private final HttpTransport transport;
    private final Clock clock;

    /** What the exchange stored: the granted scope and when the access token expires (never the tokens). */
    public record Granted(String scope, Instant accessExpiresAt) {
    }

    public AuthorizationCodeFlow(URI authorizeUrl, URI tokenUrl, String clientId, String clientSecret,
                                 HttpTransport transport, Clock clock) {
        this.authorizeUrl = authorizeUrl;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + (clientSecret == null ? "" : clientSecret)).getBytes(StandardCharsets.UTF_8));
        this.transport = transport;
        this.clock = clock;
    }

    /** The URL the user opens in a browser to approve the app. */
    public URI authorizeUri(URI redirectUri, String state, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("response_type", "code");
        query.put("scope", SCOPES);
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", Pkce.METHOD);
        String base = authorizeUrl.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + form(query));
    }

    /**
     * Exchanges an authorization code (single use, valid about 5 minutes) and stores the tokens, durably, before
     * returning. Throws {@link CtctApiException} of kind AUTHORIZATION when the server refuses (its OAuth error code
     * as the body: {@code invalid_grant}, {@code invalid_client}), RETRYABLE when it cannot be reached; a code is
     * never sent twice, since a second attempt would be refused anyway.
     */
    public Granted exchange(String code, URI redirectUri, Pkce pkce, RefreshTokenStore store) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", pkce.verifier());
        form.put("client_id", clientId);
        HttpCall call = new HttpCall("POST", tokenUrl, Map.of("Authorization", basicAuth, "Accept", "application/json"),
                form(form), "application/x-www-form-urlencoded");
        HttpResult result;
        try {
            result = transport.send(call);
        } catch (IOException e) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "the token endpoint " + tokenUrl
                    + " could not be reached (" + e.getClass().getSimpleName() + "); run authorize again", null, null, e);
        }
        JsonNode body = json(result);
        if (!result.ok()) {
            String error = body.path("error").asText("");
            String hint = "invalid_client".equals(error) ? ": check sync.ctct.client-id and CTCT_CLIENT_SECRET" : "";
            throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, result.status(),
                    "the authorization code was refused (" + result.status() + " " + error + ")" + hint, error, null, null);
        }
        String access = body.path("access_token").asText(null);
        String refresh = body.path("refresh_token").asText(null);
        if (access == null || refresh == null) {
            throw new CtctApiException(CtctApiException.Kind.AUTHORIZATION, result.status(), "the token response has no "
                    + (access == null ? "access_token" : "refresh_token (was the offline_access scope granted?)"),
                    null, null, null);
        }
        Instant expiry = OAuthTokenProvider.expiry(access, body.path("expires_in").asLong(0), clock);
        store.refreshed(clientId, refresh, access, expiry);
        return new Granted(body.path("scope").asText(SCOPES), expiry);
    }

    private static JsonNode json(HttpResult result) {
        try {
            return JSON.readTree(result.body().isEmpty() ? "{}" : result.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
