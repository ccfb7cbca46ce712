package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.contactsync.state.Checkpoint;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints and reads that cannot skip: a future-dated CRM row and NULL updated_at rows. */
class CheckpointIT {

    private static final int CONTACTS = 20;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private void sql(String sql, Object... args) {
        try (Connection c = bed.crmDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_sync_a_future_dated_row_but_keep_the_checkpoint_at_the_crm_clock_so_later_changes_are_read() {
        bed.sync(Flow.CRM_TO_CTCT);
        sql("UPDATE crm_contact SET first_name = 'FromTheFuture', updated_at = ? WHERE id = 'c000003'",
                Timestamp.from(Instant.parse("2099-01-01T00:00:00Z")));

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.count(Counter.FUTURE_DATED)).isEqualTo(1);
        assertThat(s.count(Counter.UPDATED)).isEqualTo(1);
        Checkpoint cp = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        assertThat(cp.position()).as("never past the CRM's own now").isBefore(Instant.now().plus(Duration.ofMinutes(1)));

        bed.crm().edit("c000005", "first_name", "EditedLater");
        SyncSummary later = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(later.count(Counter.UPDATED)).as("the later change is not skipped").isEqualTo(1);
        assertThat(later.count(Counter.FUTURE_DATED)).as("reported once").isZero();
    }

    @Test
    void should_read_rows_without_updated_at_in_a_full_resync() {
        sql("ALTER TABLE crm_contact ALTER COLUMN updated_at SET NULL");
        sql("UPDATE crm_contact SET updated_at = NULL WHERE id IN ('c000001', 'c000002')");

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.count(Counter.CREATED)).as("a first (full) read takes them too").isEqualTo(CONTACTS);
    }
}
