package io.contactsync.sync;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A cycle's counters. Not thread-safe: one cycle runs on one thread. */
public final class Counts {
    private final EnumMap<Counter, Long> values = new EnumMap<>(Counter.class);

    public void add(Counter c, long n) {
        values.merge(c, n, Long::sum);
    }

    public void inc(Counter c) {
        add(c, 1);
    }

    public long get(Counter c) {
        return values.getOrDefault(c, 0L);
    }

    /** Every counter by key, zeros included, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            m.put(c.key(), get(c));
        }
        return m;
    }

    /** What reached the other side: created + updated + deleted, in Constant Contact or in the CRM. */
    private static final Counter[] WRITTEN = {Counter.CREATED, Counter.UPDATED, Counter.DELETED, Counter.CRM_CREATED,
        Counter.CRM_UPDATED, Counter.CRM_DELETED};

    /** Records written to the other side, from counters by key (a run record's, a progress's). */
    public static long written(Map<String, Long> counts) {
        long n = 0;
        for (Counter c : WRITTEN) {
            n += counts.getOrDefault(c.key(), 0L);
        }
        return n;
    }
}
