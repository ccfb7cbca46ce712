package io.contactsync.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal values among the account's contacts: sources, permissions, kinds, list and custom field ids, cities,
 * job titles, and the timestamps a bulk import gives every row it touches. Capped at {@link #CAP} distinct values so
 * an account of unique values (e-mails never enter it) cannot grow it without bound; past the cap a value is simply
 * kept as it is. Guarded by the {@link Account} lock.
 */
final class StringPool {
    static final int CAP = 200_000;
    private final Map<Object, Object> pool = new HashMap<>();

    String string(String s) {
        return s == null ? null : share(s);
    }

    Instant instant(Instant t) {
        return t == null ? null : share(t);
    }

    int size() {
        return pool.size();
    }

    void clear() {
        pool.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> T share(T value) {
        Object shared = pool.get(value);
        if (shared != null) {
            return (T) shared;
        }
        if (pool.size() < CAP) {
            pool.put(value, value);
        }
        return value;
    }
}
