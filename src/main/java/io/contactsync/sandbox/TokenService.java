package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and checks the sandbox's OAuth2 tokens. Access tokens are JWTs signed with HMAC-SHA256 by a per-sandbox
 * secret ({@code exp}, {@code iat}, {@code sub}, {@code cid}, {@code scope}); expiry is judged on the sandbox clock so
 * a clock skew expires them. Refresh tokens are opaque; rotating mode accepts each once, or, with a grace period
 * (Okta's "grace period for token rotation"), again until that long after it was first rotated: the previous token
 * still works for a client that never received the answer. Thread-safe (synchronized).
 */
final class TokenService {
    static final String DEFAULT_SCOPE = "contact_data offline_access account_read";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Verified claims of an access token. */
    record Claims(String clientId, String subject, String scope, Instant expiresAt) {
    }

    /** A token response: what the token endpoint serialises. */
    record Grant(String accessToken, long expiresIn, String refreshToken, String scope) {
    }

    /**
     * What an authorization code was issued for: its scope, the redirect URI of the authorize request and, for a
     * PKCE client, the S256 {@code code_challenge} (null without PKCE).
     */
    record CodeRequest(String scope, String redirectUri, String codeChallenge) {
    }

    /** The outcome of redeeming a code: a grant, or the reason of the refusal (an {@code invalid_grant}). */
    record Redemption(Grant grant, String refusal) {
    }

    private final SandboxConfig config;
    private final SandboxClock clock;
    private byte[] secret;
    private final Set<String> refreshTokens = new LinkedHashSet<>();
    private final Map<String, String> refreshScopes = new HashMap<>();
    /** Rotated refresh tokens still honoured, to the end of their grace period. */
    private final Map<String, Instant> graced = new HashMap<>();
    private final Map<String, Instant> codes = new HashMap<>();
    private final Map<String, CodeRequest> codeRequests = new HashMap<>();

    TokenService(SandboxConfig config, SandboxClock clock) {
        this.config = config;
        this.clock = clock;
        reset();
    }

    /** Forgets every token: a new signing secret and only the initial refresh token. */
    final synchronized void reset() {
        secret = randomBytes(32);
        refreshTokens.clear();
        refreshScopes.clear();
        graced.clear();
        codes.clear();
        codeRequests.clear();
        refreshTokens.add(config.initialRefreshToken());
    }

    /** Exchanges a refresh token; empty when it is unknown, or already used and past its grace period. */
    synchronized Optional<Grant> refresh(String refreshToken) {
        Instant now = clock.preciseNow();
        graced.entrySet().removeIf(e -> {
            boolean over = !now.isBefore(e.getValue());
            if (over && !refreshTokens.contains(e.getKey())) {
                refreshScopes.remove(e.getKey());
            }
            return over;
        });
        boolean active = refreshToken != null && refreshTokens.contains(refreshToken);
        if (!active && (refreshToken == null || !graced.containsKey(refreshToken))) {
            return Optional.empty();
        }
        String scope = refreshScopes.getOrDefault(refreshToken, DEFAULT_SCOPE);
        String next = refreshToken;
        if (config.rotateRefreshTokens()) {
            if (active) {
                refreshTokens.remove(refreshToken);
                if (config.refreshTokenGracePeriod().isZero()) {
                    refreshScopes.remove(refreshToken);
                } else {
                    graced.put(refreshToken, now.plus(config.refreshTokenGracePeriod()));
                }
            }
            next = "rt-" + B64.encodeToString(randomBytes(24));
            refreshTokens.add(next);
            refreshScopes.put(next, scope);
        }
        return Optional.of(grant(scope, next));
    }

    /** Creates a single-use authorization code, valid for 5 minutes (as Constant Contact's). */
    synchronized String newCode(CodeRequest request) {
        String code = B64.encodeToString(randomBytes(18));
        codes.put(code, clock.now().plusSeconds(300));
        String scope = request.scope() == null || request.scope().isBlank() ? DEFAULT_SCOPE : request.scope();
        codeRequests.put(code, new CodeRequest(scope, request.redirectUri(), request.codeChallenge()));
        return code;
    }

    /**
     * Redeems an authorization code once (a refused attempt spends it too, as a stolen code must not get a second
     * try); a new refresh token chain starts with it. A code issued with a PKCE challenge needs the
     * {@code code_verifier} whose SHA-256 (base64url) is that challenge; a {@code redirect_uri}, when sent, must be
     * the one of the authorize request.
     */
    synchronized Redemption redeem(String code, String codeVerifier, String redirectUri) {
        Instant expiry = code == null ? null : codes.remove(code);
        CodeRequest request = code == null ? null : codeRequests.remove(code);
        if (expiry == null || clock.now().isAfter(expiry)) {
            return new Redemption(null, "The authorization code is invalid or has expired.");
        }
        if (redirectUri != null && !redirectUri.equals(request.redirectUri())) {
            return new Redemption(null, "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
        }
        if (request.codeChallenge() != null && (codeVerifier == null || !request.codeChallenge().equals(s256(codeVerifier)))) {
            return new Redemption(null, "PKCE verification failed.");
        }
        String refresh = "rt-" + B64.encodeToString(randomBytes(24));
        refreshTokens.add(refresh);
        refreshScopes.put(refresh, request.scope());
        return new Redemption(grant(request.scope(), refresh), null);
    }

    /** RFC 7636 S256: base64url (no padding) of the SHA-256 of the verifier's ASCII bytes. */
    static String s256(String codeVerifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private Grant grant(String scope, String refreshToken) {
        Instant now = clock.now();
        ObjectNode header = SandboxJson.object().put("alg", "HS256").put("typ", "JWT").put("kid", "sandbox");
        ObjectNode payload = SandboxJson.object()
                .put("iss", "sandbox/oauth2/default")
                .put("sub", "sandbox-user")
                .put("cid", config.clientId())
                .put("scope", scope)
                .put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + config.tokenTtlSeconds())
                .put("jti", B64.encodeToString(randomBytes(9)));
        String signingInput = B64.encodeToString(SandboxJson.bytes(header)) + "." + B64.encodeToString(SandboxJson.bytes(payload));
        return new Grant(signingInput + "." + B64.encodeToString(sign(signingInput)), config.tokenTtlSeconds(), refreshToken, scope);
    }

    /** Verifies signature and expiry; empty for anything malformed, forged or expired. */
    synchronized Optional<Claims> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = SandboxJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
            if (!clock.now().isBefore(exp)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(claims.path("cid").asText(), claims.path("sub").asText(),
                    claims.path("scope").asText(), exp));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The persistent part (secret and refresh tokens; codes are short-lived and not kept). */
    synchronized ObjectNode toJson() {
        ObjectNode out = SandboxJson.object().put("secret", B64.encodeToString(secret));
        ObjectNode tokens = out.putObject("refresh_tokens");
        refreshTokens.forEach(t -> tokens.put(t, refreshScopes.getOrDefault(t, DEFAULT_SCOPE)));
        ObjectNode grace = out.putObject("graced_refresh_tokens");
        graced.forEach((t, until) -> grace.putObject(t).put("until", until.toString())
                .put("scope", refreshScopes.getOrDefault(t, DEFAULT_SCOPE)));
        return out;
    }

    synchronized void restore(JsonNode saved) {
        secret = Base64.getUrlDecoder().decode(saved.path("secret").asText());
        refreshTokens.clear();
        refreshScopes.clear();
        graced.clear();
        saved.path("graced_refresh_tokens").fields().forEachRemaining(e -> {
            graced.put(e.getKey(), Instant.parse(e.getValue().path("until").asText()));
            refreshScopes.put(e.getKey(), e.getValue().path("scope").asText(DEFAULT_SCOPE));
        });
        saved.path("refresh_tokens").fields().forEachRemaining(e -> {
            refreshTokens.add(e.getKey());
            refreshScopes.put(e.getKey(), e.getValue().asText());
        });
    }
}
