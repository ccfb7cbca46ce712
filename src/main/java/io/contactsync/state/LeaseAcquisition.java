package io.contactsync.state;

import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Taking a flow's lease: one atomic statement, retried when a concurrent acquirer won the race (then reported as
 * the holder), and on H2 forced to disk at once so a crash of the process serving the file cannot lose it.
 */
final class LeaseAcquisition {

    /** The store's read and write transactions. */
    interface Transactions {
        <T> T read(String operation, Sql.Work<T> work);

        <T> T write(String operation, Sql.Work<T> work);
    }

    private LeaseAcquisition() {
    }

    static LeaseOutcome tryAcquire(Transactions tx, boolean h2, String flow, String holder, Duration ttl, Instant now) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(holder, "holder");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                LeaseOutcome outcome = tx.write("tryAcquireLease", c -> LeaseStatements.tryAcquire(c, flow, holder, ttl, now));
                if (h2 && outcome instanceof LeaseOutcome.Acquired) {
                    // H2 writes commits to disk within about a second; a lease lost in a crash of the process that
                    // serves the file (AUTO_SERVER) would let two runs believe they hold the flow.
                    tx.write("tryAcquireLease (flush to disk)", c -> {
                        try (Statement s = c.createStatement()) {
                            s.execute("CHECKPOINT SYNC");
                        }
                        return null;
                    });
                }
                return outcome;
            } catch (StateStoreException e) {
                if (!LeaseStatements.lostRace(e.getCause())) {
                    throw e;
                }
                // A concurrent acquirer won (its INSERT or UPDATE committed first): report it as the holder.
                Optional<FlowLease> winner = tx.read("lease", c -> LeaseStatements.find(c, flow));
                if (winner.isPresent() && !winner.get().holder().equals(holder) && !winner.get().expiredAt(now)) {
                    return new LeaseOutcome.Held(winner.get());
                }
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }
}
