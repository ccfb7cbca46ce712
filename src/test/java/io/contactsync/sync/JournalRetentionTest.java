package io.contactsync.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.contactsync.crm.TestClock;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.PageCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention purge on a real H2 state store: by age, at most once a day, never with 0 days. */
class JournalRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private static void write(JdbcStateStore store, Instant at, String after) {
        store.commit(new PageCommit(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, "crm-to-ctct")
                .withJournal(List.of(new JournalEntry(0, 1L, "crm-to-ctct", at, "17", "c-17", "k@x.org", "city", "", after,
                        "crm-edit", null))));
    }

    private static List<String> kept(JdbcStateStore store) {
        return store.journal(List.of("17"), List.of(), List.of(), 100).stream().map(JournalEntry::after).toList();
    }

    @Test
    void should_delete_entries_older_than_the_retention_at_most_once_a_day() {
        TestClock clock = new TestClock(NOW);
        try (JdbcStateStore store = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=FALSE", null, null)) {
            write(store, NOW.minus(Duration.ofDays(31)), "old");
            write(store, NOW.minus(Duration.ofDays(29)), "recent");
            JournalRetention retention = new JournalRetention(store, 30, clock);

            assertThat(retention.purgeIfDue()).isEqualTo(1);
            assertThat(kept(store)).containsExactly("recent");

            clock.advance(Duration.ofHours(2));
            assertThat(retention.purgeIfDue()).as("not twice a day").isZero();
            assertThat(kept(store)).containsExactly("recent");

            clock.advance(Duration.ofDays(1));
            assertThat(retention.purgeIfDue()).as("a day later the 29-day-old entry is 30 days and 2 hours old").isEqualTo(1);
            assertThat(kept(store)).isEmpty();
        }
    }

    @Test
    void should_keep_everything_when_the_retention_is_zero() {
        try (JdbcStateStore store = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=FALSE", null, null)) {
            write(store, NOW.minus(Duration.ofDays(3650)), "ancient");

            assertThat(new JournalRetention(store, 0, new TestClock(NOW)).purgeIfDue()).isZero();

            assertThat(kept(store)).containsExactly("ancient");
        }
    }
}
