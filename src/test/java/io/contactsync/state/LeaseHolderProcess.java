package io.contactsync.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The other process of {@link H2AutoServerIT}: opens the state store on an H2 file as the engine does, takes the
 * crm-to-ctct lease, starts a run, prints {@code HELD <run id>} and keeps the store open until killed (or its
 * stdin closes). Arguments: JDBC URL, holder name, lease ttl in milliseconds.
 */
public final class LeaseHolderProcess {

    private LeaseHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        JdbcStateStore.keepH2OnLoopback();
        Duration ttl = Duration.ofMillis(Long.parseLong(args[2]));
        JdbcStateStore store = JdbcStateStore.open(args[0], "sa", "");
        LeaseOutcome outcome = store.tryAcquireLease("crm-to-ctct", args[1], ttl, Instant.now());
        if (!(outcome instanceof LeaseOutcome.Acquired)) {
            System.out.println("BUSY " + outcome);
            System.exit(3);
        }
        long run = store.startRun("crm-to-ctct", Instant.now());
        store.heartbeatLease("crm-to-ctct", args[1], run, ttl, Instant.now());
        System.out.println("HELD " + run);
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the file (and serve it to other processes) until killed
        }
        store.close();
    }
}
