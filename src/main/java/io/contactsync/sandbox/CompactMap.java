package io.contactsync.sandbox;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map of a few string pairs (a contact's custom field id → value) in one exactly-sized array of
 * alternating keys and values: about 40 bytes for one entry where a {@code LinkedHashMap} takes about 190. At most 25
 * entries per contact, so linear lookups. Null keys and values are refused. Guarded by the {@link Account} lock.
 */
final class CompactMap extends AbstractMap<String, String> {
    private static final String[] EMPTY = new String[0];
    private String[] kv = EMPTY;

    CompactMap() {
    }

    CompactMap(Map<String, String> values) {
        putAll(values);
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : kv[i + 1];
    }

    @Override
    public String put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int i = indexOf(key);
        if (i >= 0) {
            String old = kv[i + 1];
            kv[i + 1] = value;
            return old;
        }
        kv = Arrays.copyOf(kv, kv.length + 2);
        kv[kv.length - 2] = key;
        kv[kv.length - 1] = value;
        return null;
    }

    @Override
    public String remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        String old = kv[i + 1];
        removeAt(i);
        return old;
    }

    @Override
    public void clear() {
        kv = EMPTY;
    }

    /** Replaces keys and values by their pooled instances. */
    void intern(StringPool pool) {
        for (int i = 0; i < kv.length; i++) {
            kv[i] = pool.string(kv[i]);
        }
    }

    private void removeAt(int i) {
        String[] next = kv.length == 2 ? EMPTY : new String[kv.length - 2];
        System.arraycopy(kv, 0, next, 0, i);
        System.arraycopy(kv, i + 2, next, i, kv.length - i - 2);
        kv = next;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return CompactMap.this.size();
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < kv.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        String key = kv[next];
                        next += 2;
                        return new SimpleEntry<>(key, get(key)) {
                            @Override
                            public String setValue(String value) {
                                super.setValue(value);
                                return put(key, value);
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removable = false;
                        next -= 2;
                        removeAt(next);
                    }
                };
            }
        };
    }
}
