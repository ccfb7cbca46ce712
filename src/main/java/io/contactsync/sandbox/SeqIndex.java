package io.contactsync.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The account's contacts in their stable order (insertion sequence), the keyset of GET /contacts cursors: one array
 * slot per contact where a {@code TreeMap<Long, Contact>} takes an entry and a boxed key (about 56 bytes). A contact's
 * sequence never changes and contacts are never removed (deletion is a state), so new ones are appended; a load from
 * the store adds them in sequence order. Guarded by the {@link Account} lock.
 */
final class SeqIndex {
    private final ArrayList<Contact> bySeq = new ArrayList<>();

    /** Adds the contact, or replaces the one with its sequence. */
    void put(Contact c) {
        int n = bySeq.size();
        if (n == 0 || bySeq.get(n - 1).seq < c.seq) {
            bySeq.add(c);
            return;
        }
        int i = firstAfter(c.seq - 1);
        if (i < n && bySeq.get(i).seq == c.seq) {
            bySeq.set(i, c);
        } else {
            bySeq.add(i, c);
        }
    }

    /** The contacts with a sequence above {@code seq}, in order (a view: do not add contacts while iterating). */
    List<Contact> after(long seq) {
        return Collections.unmodifiableList(bySeq.subList(firstAfter(seq), bySeq.size()));
    }

    /** Every contact, in order (a view). */
    List<Contact> values() {
        return Collections.unmodifiableList(bySeq);
    }

    int size() {
        return bySeq.size();
    }

    void clear() {
        bySeq.clear();
        bySeq.trimToSize();
    }

    /** The index of the first contact whose sequence is above {@code seq} (binary search). */
    private int firstAfter(long seq) {
        int lo = 0;
        int hi = bySeq.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bySeq.get(mid).seq <= seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
