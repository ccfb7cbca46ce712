package io.contactsync.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin token check every admin endpoint shares: {@code Authorization: Bearer <token>} as an HTTP request header
 * (never a query parameter), compared in constant time; the token is never logged. Authentication comes before the
 * method, so a caller without the token learns nothing about the endpoints, not even which methods they take.
 */
public final class AdminAuth {

    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    /** @param token the configured admin token; null or blank refuses every call */
    public AdminAuth(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    /** 401 without the token, 405 for another method; null when the request may go on. */
    AdminReply admit(AdminRequest request, String method) {
        if (!authorized(request.authorization())) {
            return AdminReply.error(401, "unauthorized");
        }
        if (!method.equals(request.method())) {
            return AdminReply.methodNotAllowed(request.method(), method);
        }
        return null;
    }

    /** {@code Bearer <token>}; the scheme is case-insensitive (RFC 7235), the token is not. */
    public boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return matches(authorization.substring(BEARER.length()).trim());
    }

    /** Whether {@code token} is the admin token; digests have one length, so this takes the same time whatever was sent. */
    public boolean matches(String token) {
        return tokenDigest != null && token != null && MessageDigest.isEqual(tokenDigest, sha256(token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
