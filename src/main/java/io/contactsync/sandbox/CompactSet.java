package io.contactsync.sandbox;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An insertion-ordered set of a few strings (a contact's list memberships or taggings) in one exactly-sized array:
 * about 40 bytes for one element where a {@code LinkedHashSet} takes about 190. Lookups are linear, which is faster
 * than hashing at the sizes a contact has (at most 50 lists). Not thread-safe: guarded by the {@link Account} lock.
 */
final class CompactSet extends AbstractSet<String> {
    private static final String[] EMPTY = new String[0];
    private String[] items = EMPTY;

    CompactSet() {
    }

    CompactSet(Collection<String> values) {
        addAll(values);
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    @Override
    public boolean add(String s) {
        if (s == null) {
            throw new NullPointerException("null element");
        }
        if (indexOf(s) >= 0) {
            return false;
        }
        items = Arrays.copyOf(items, items.length + 1);
        items[items.length - 1] = s;
        return true;
    }

    @Override
    public boolean remove(Object o) {
        int i = indexOf(o);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    @Override
    public void clear() {
        items = EMPTY;
    }

    /** Replaces each element by its pooled instance (equal strings shared across contacts). */
    void intern(StringPool pool) {
        for (int i = 0; i < items.length; i++) {
            items[i] = pool.string(items[i]);
        }
    }

    private void removeAt(int i) {
        String[] next = items.length == 1 ? EMPTY : new String[items.length - 1];
        System.arraycopy(items, 0, next, 0, i);
        System.arraycopy(items, i + 1, next, i, items.length - i - 1);
        items = next;
    }

    private int indexOf(Object o) {
        for (int i = 0; i < items.length; i++) {
            if (items[i].equals(o)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;
            private boolean removable;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                removable = true;
                return items[next++];
            }

            @Override
            public void remove() {
                if (!removable) {
                    throw new IllegalStateException();
                }
                removable = false;
                removeAt(--next);
            }
        };
    }
}
