package io.contactsync.constantcontact.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals tokens for the state store with AES-256-GCM. The key is HMAC-SHA256 of a fixed label and the client id,
 * keyed by the client secret: whoever can read the state database but not the environment cannot use the tokens,
 * and nothing extra has to be kept secret. Every value gets a fresh 96-bit nonce; the client id and the field name
 * are authenticated data, so a sealed value copied to another row or column does not open. Sealed text looks like
 * {@code ctct-gcm1:<base64 nonce+ciphertext+tag>}; text without that prefix is a plain token stored by an older
 * version and is returned as it is. Thread-safe.
 */
final class TokenCipher {

    static final String PREFIX = "ctct-gcm1:";
    private static final String LABEL = "contact-sync token store v1\0";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final SecretKeySpec key;

    TokenCipher(String clientId, String clientSecret) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("a client secret is needed to seal tokens");
        }
        this.clientId = clientId;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal((LABEL + clientId).getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    String seal(String token, String field) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(field));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The token; empty when the text was sealed with another key (the client secret changed) or was altered. */
    Optional<String> open(String text, String field) {
        if (!text.startsWith(PREFIX)) {
            return Optional.of(text);
        }
        try {
            byte[] all = Base64.getDecoder().decode(text.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(aad(field));
            return Optional.of(new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] aad(String field) {
        return (clientId + "\0" + field).getBytes(StandardCharsets.UTF_8);
    }
}
