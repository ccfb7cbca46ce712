package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization server part: {@code POST /oauth2/default/v1/token} (refresh_token and authorization_code grants,
 * client authentication by HTTP Basic, PKCE S256 checked for codes issued with a challenge) and an auto-approving
 * {@code GET /oauth2/default/v1/authorize}. Parameters are
 * read from the query string and the form body alike, because Constant Contact's own examples put them in the query.
 */
final class OAuthEndpoint {
    static final String TOKEN_PATH = "/oauth2/default/v1/token";
    static final String AUTHORIZE_PATH = "/oauth2/default/v1/authorize";

    private final SandboxConfig config;
    private final SandboxClock clock;
    private final TokenService tokens;
    private final SandboxStats stats;
    private final FaultInjector faults;
    private final Deque<Instant> window = new ArrayDeque<>();

    OAuthEndpoint(SandboxConfig config, SandboxClock clock, TokenService tokens, SandboxStats stats, FaultInjector faults) {
        this.config = config;
        this.clock = clock;
        this.tokens = tokens;
        this.stats = stats;
        this.faults = faults;
    }

    /**
     * The token endpoint, with the fault rules whose {@code endpoint} matches {@code POST /oauth2/default/v1/token}:
     * a status, delay or timeout happens before the grant; {@code drop_response} after it (the refresh token is
     * rotated, the client never sees the new one). A null answer means "drop the connection".
     */
    SandboxResponse token(SandboxRequest request) throws InterruptedException {
        stats.tokenRequest();
        String key = "POST " + TOKEN_PATH;
        Optional<FaultInjector.Rule> fault = faults.forRequest(key, key);
        if (fault.isPresent() && !fault.get().dropResponse()) {
            FaultInjector.Rule rule = fault.get();
            Thread.sleep(rule.timeout() && rule.delayMillis() <= 0 ? 30_000 : rule.delayMillis());
            if (rule.timeout()) {
                return null;
            }
            if (rule.status() != null) {
                return oauthError(rule.status(), "server_error", "Injected fault: HTTP " + rule.status());
            }
        }
        SandboxResponse response = grant(request);
        if (fault.isPresent() && fault.get().dropResponse()) {
            Thread.sleep(fault.get().delayMillis());
            return null;
        }
        return response;
    }

    private SandboxResponse grant(SandboxRequest request) {
        if (!admit()) {
            // Constant Contact's authorization server is Okta; this is Okta's rate-limit body.
            return SandboxResponse.json(429, SandboxJson.object().put("errorCode", "E0000047")
                    .put("errorSummary", "API call exceeded rate limit due to too many requests."));
        }
        Map<String, List<String>> params = new LinkedHashMap<>(request.query());
        String contentType = request.header("content-type").orElse("");
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            SandboxRequest.parseForm(request.bodyText()).forEach(params::putIfAbsent);
        }
        if (!authenticated(request)) {
            return oauthError(401, "invalid_client", "Client authentication failed.");
        }
        String grantType = first(params, "grant_type");
        Optional<TokenService.Grant> grant;
        if ("refresh_token".equals(grantType)) {
            grant = tokens.refresh(first(params, "refresh_token"));
            if (grant.isEmpty()) {
                return oauthError(400, "invalid_grant", "unknown, invalid, or expired refresh token");
            }
        } else if ("authorization_code".equals(grantType)) {
            TokenService.Redemption redeemed = tokens.redeem(first(params, "code"), first(params, "code_verifier"),
                    first(params, "redirect_uri"));
            if (redeemed.grant() == null) {
                return oauthError(400, "invalid_grant", redeemed.refusal());
            }
            grant = Optional.of(redeemed.grant());
        } else {
            return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported: " + grantType);
        }
        TokenService.Grant g = grant.get();
        ObjectNode body = SandboxJson.object()
                .put("access_token", g.accessToken())
                .put("token_type", "Bearer")
                .put("expires_in", g.expiresIn())
                .put("refresh_token", g.refreshToken())
                .put("scope", g.scope());
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store");
    }

    /**
     * Auto-approves: redirects straight back with a single-use code (and the caller's state). PKCE (RFC 7636) is
     * optional, as for a confidential client: a {@code code_challenge} must come with
     * {@code code_challenge_method=S256} (Okta refuses {@code plain}), and is checked when the code is exchanged.
     */
    SandboxResponse authorize(SandboxRequest request) {
        String clientId = request.param("client_id").orElse("");
        String redirect = request.param("redirect_uri").orElse("");
        if (!config.clientId().equals(clientId) || redirect.isBlank()
                || !"code".equals(request.param("response_type").orElse(""))) {
            return oauthError(400, "invalid_request", "client_id, redirect_uri and response_type=code are required");
        }
        String challenge = request.param("code_challenge").filter(c -> !c.isBlank()).orElse(null);
        String method = request.param("code_challenge_method").orElse(null);
        if (challenge == null && method != null) {
            return oauthError(400, "invalid_request", "code_challenge_method without code_challenge");
        }
        if (challenge != null && !"S256".equals(method)) {
            return oauthError(400, "invalid_request", "code_challenge_method must be S256");
        }
        String code = tokens.newCode(new TokenService.CodeRequest(request.param("scope").orElse(null), redirect, challenge));
        StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?')
                .append("code=").append(enc(code));
        request.param("state").ifPresent(s -> location.append("&state=").append(enc(s)));
        return new SandboxResponse(302, null, new byte[0], Map.of("Location", location.toString()));
    }

    private synchronized boolean admit() {
        if (!config.rateLimited()) {
            return true;
        }
        Instant now = clock.preciseNow();
        window.removeIf(t -> !t.isAfter(now.minusSeconds(1)) || t.isAfter(now));
        if (window.size() >= config.tokenRequestsPerSecond()) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    private boolean authenticated(SandboxRequest request) {
        String header = request.header("authorization").orElse("");
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(config.clientId() + ":" + config.clientSecret());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SandboxResponse oauthError(int status, String error, String description) {
        return SandboxResponse.json(status, SandboxJson.object().put("error", error).put("error_description", description));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
