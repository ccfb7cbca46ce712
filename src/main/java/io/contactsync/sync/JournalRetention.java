package io.contactsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.contactsync.state.RunProgress;
import io.contactsync.state.RunRecord;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's retention ({@code sync.journal.retention-days}): when a cycle finishes, entries older than the
 * retention are deleted, at most once a day per process (one cheap {@code DELETE ... WHERE at < ?} on an indexed
 * column). 0 days keeps the journal forever. A failed purge is logged and tried again at the next cycle's end.
 */
public final class JournalRetention implements RunProgressListener {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    static final Duration EVERY = Duration.ofDays(1);

    private final StateStore state;
    private final int days;
    private final Clock clock;
    private Instant lastPurge;

    public JournalRetention(StateStore state, int retentionDays, Clock clock) {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must not be negative");
        }
        this.state = state;
        this.days = retentionDays;
        this.clock = clock;
    }

    @Override
    public void committed(Flow flow, RunProgress progress) {
        // Pages do not purge: only a cycle's end does.
    }

    @Override
    public void finished(Flow flow, RunRecord run) {
        purgeIfDue();
    }

    /** Purges when the retention is on and the last purge (of this process) is a day old; returns the rows deleted. */
    public synchronized int purgeIfDue() {
        Instant now = clock.instant();
        if (days == 0 || (lastPurge != null && now.isBefore(lastPurge.plus(EVERY)))) {
            return 0;
        }
        try {
            int purged = state.purgeJournal(now.minus(Duration.ofDays(days)));
            lastPurge = now;
            if (purged > 0) {
                LOG.info("Journal: {} entries older than {} days deleted (sync.journal.retention-days)", purged, days);
            }
            return purged;
        } catch (RuntimeException e) {
            LOG.warn("Journal: the retention purge failed, tried again after the next cycle: {}", e.getMessage());
            return 0;
        }
    }
}
