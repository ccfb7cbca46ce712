package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** JDBC plumbing shared by the state store classes: instants, IN-lists, batches, upsert-by-update counts. */
final class Sql {

    /** Rows per executeBatch round trip: bounds driver memory for pages of thousands of links. */
    static final int BATCH_SIZE = 1_000;

    private Sql() {
    }

    /** One unit of JDBC work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Binds an instant as TIMESTAMP WITH TIME ZONE in UTC, truncated to microseconds: both H2 and PostgreSQL
     * keep microseconds, and PostgreSQL would round the nanoseconds up, which could move a checkpoint past a
     * record. Truncating only ever moves it back, and re-reading is free thanks to the snapshots.
     */
    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@code ?, ?, ?} for an IN-list of {@code n} values. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Distinct non-null keys, in first-seen order, split into chunks of at most {@code size}. */
    static List<List<String>> chunks(Collection<String> keys, int size) {
        List<String> distinct = keys.stream().filter(Objects::nonNull).distinct().toList();
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += size) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + size)));
        }
        return chunks;
    }

    /** Adds the current parameters to the batch, flushing every {@link #BATCH_SIZE} rows. */
    static void addBatch(PreparedStatement ps, int rowsSoFar) throws SQLException {
        ps.addBatch();
        if ((rowsSoFar + 1) % BATCH_SIZE == 0) {
            ps.executeBatch();
        }
    }

    /** Binds one item's parameters. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /**
     * Upsert in two portable batches: update every item, then insert those the update matched no row for. Both
     * H2 and PostgreSQL report exact per-statement counts for UPDATE batches; a driver that does not is refused
     * rather than guessed about. Callers run it inside their transaction, with writers of one flow serialized by
     * the engine, so no other transaction inserts the same key in between.
     */
    static <T> void updateElseInsert(Connection c, Collection<T> items, String updateSql, Binder<T> update,
                                     String insertSql, Binder<T> insert) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        List<T> all = List.copyOf(items);
        List<T> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            for (int from = 0; from < all.size(); from += BATCH_SIZE) {
                List<T> slice = all.subList(from, Math.min(all.size(), from + BATCH_SIZE));
                for (T item : slice) {
                    update.bind(ps, item);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] < 0) {
                        throw new SQLException("JDBC driver did not report batch update counts (" + counts[i] + ")");
                    }
                    if (counts[i] == 0) {
                        missing.add(slice.get(i));
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            int row = 0;
            for (T item : missing) {
                insert.bind(ps, item);
                addBatch(ps, row++);
            }
            ps.executeBatch();
        }
    }
}
