package io.contactsync.admin.page;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status page's logins, in memory only (a restart logs everyone out): a random session id in an HttpOnly cookie,
 * never the admin token; a CSRF token per session that every POST form carries; a one-shot flash message.
 */
final class PageSessions {

    static final String COOKIE = "contactsync_session";
    static final Duration TTL = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. */
    static final class Session {
        final String id;
        final String csrf;
        final Instant expiresAt;
        private volatile String flash;

        Session(String id, String csrf, Instant expiresAt) {
            this.id = id;
            this.csrf = csrf;
            this.expiresAt = expiresAt;
        }

        void flash(String message) {
            flash = message;
        }

        /** The flash message, once. */
        String takeFlash() {
            String f = flash;
            flash = null;
            return f;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Session create(Instant now) {
        sessions.values().removeIf(s -> !s.expiresAt.isAfter(now));
        if (sessions.size() >= MAX_SESSIONS) {
            // Only a caller with the token gets here; still, memory stays bounded.
            sessions.clear();
        }
        Session s = new Session(random(), random(), now.plus(TTL));
        sessions.put(s.id, s);
        return s;
    }

    /** The live session the request's Cookie header names. */
    Optional<Session> find(String cookieHeader, Instant now) {
        String id = cookie(cookieHeader);
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expiresAt.isAfter(now)) {
            sessions.remove(s.id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void remove(Session s) {
        sessions.remove(s.id);
    }

    static String setCookie(Session s) {
        return COOKIE + "=" + s.id + "; HttpOnly; SameSite=Strict; Path=/status; Max-Age=" + TTL.toSeconds();
    }

    static String clearCookie() {
        return COOKIE + "=; HttpOnly; SameSite=Strict; Path=/status; Max-Age=0";
    }

    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
