package io.contactsync.constantcontact.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636): the {@code code_verifier} kept by this process and its S256 {@code code_challenge} sent
 * with the authorize request, so that an intercepted authorization code is useless without the verifier. The
 * verifier is a secret: {@link #toString()} hides it.
 *
 * @param verifier  43 base64url characters from 32 random bytes
 * @param challenge base64url (no padding) of the SHA-256 of the verifier's ASCII bytes
 */
public record Pkce(String verifier, String challenge) {

    public static final String METHOD = "S256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A new random pair. */
    public static Pkce create() {
        return of(random(32));
    }

    /** The pair of a given verifier (tests). */
    public static Pkce of(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, B64.encodeToString(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** {@code bytes} random bytes as base64url: for verifiers and for the {@code state} of an authorize request. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    @Override
    public String toString() {
        return "Pkce[verifier=****, challenge=" + challenge + "]";
    }
}
