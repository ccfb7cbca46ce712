package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No lost update: a CRM edit made while ctct-to-crm is between reading a row and writing it is never overwritten by
 * the older Constant Contact value; the row is read again and merged (the first wave overwrote 21 of 300).
 */
class LostUpdateIT {

    private static final int CONTACTS = 30;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        for (Flow f : Flow.bothInSafeOrder()) {
            bed.sync(f);
        }
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private List<String[]> linked() {
        List<String[]> out = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id, email FROM crm_contact WHERE deleted = FALSE AND email_opt_out = FALSE ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.subList(0, 10);
    }

    private String crm(String id, String column) {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT " + column + " FROM crm_contact WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_keep_a_crm_edit_made_between_the_read_and_the_write_and_merge_again() {
        List<String[]> contacts = linked();
        for (String[] c : contacts) {
            String contactId = bed.engine().ctct().findByEmail(c[1]).orElseThrow().contactId();
            bed.control().edit(contactId, Map.of("first_name", "FromCtct")).requireOk();
        }
        AtomicBoolean once = new AtomicBoolean();
        bed.hook(point -> {
            if ("ctct-to-crm:planned".equals(point) && once.compareAndSet(false, true)) {
                // Someone edits the CRM after the engine read the rows and before it writes them.
                for (String[] c : contacts) {
                    bed.crm().edit(c[0], "city", "EditedMeanwhile");
                }
            }
        });

        SyncSummary pull = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(pull.status()).as(pull.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pull.count(Counter.CRM_MERGED_AGAIN)).isEqualTo(contacts.size());
        for (String[] c : contacts) {
            assertThat(crm(c[0], "city")).as("the CRM's edit is kept").isEqualTo("EditedMeanwhile");
            assertThat(crm(c[0], "first_name")).as("Constant Contact's edit lands").isEqualTo("FromCtct");
        }
        SyncSummary push = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(push.status()).isEqualTo(RunStatus.SUCCEEDED);
        for (String[] c : contacts) {
            assertThat(bed.engine().ctct().findByEmail(c[1]).orElseThrow().vocabulary())
                    .containsEntry("city", "EditedMeanwhile").containsEntry("first_name", "FromCtct");
        }
    }

    @Test
    void should_record_a_conflict_instead_of_overwriting_when_the_crm_edits_the_same_field_meanwhile() {
        List<String[]> contacts = linked().subList(0, 3);
        for (String[] c : contacts) {
            String contactId = bed.engine().ctct().findByEmail(c[1]).orElseThrow().contactId();
            bed.control().edit(contactId, Map.of("first_name", "FromCtct")).requireOk();
        }
        AtomicBoolean once = new AtomicBoolean();
        bed.hook(point -> {
            if ("ctct-to-crm:planned".equals(point) && once.compareAndSet(false, true)) {
                for (String[] c : contacts) {
                    bed.crm().edit(c[0], "first_name", "CrmMeanwhile");
                }
            }
        });

        SyncSummary pull = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(pull.count(Counter.CONFLICTS)).as("each decided, and recorded").isEqualTo(contacts.size());
        for (String[] c : contacts) {
            assertThat(crm(c[0], "first_name")).as("the newer CRM edit wins (newest policy)").isEqualTo("CrmMeanwhile");
        }
    }

    @Test
    void should_defer_a_push_over_a_contact_edited_in_constant_contact_since_the_last_pull_and_merge_it_first() {
        String[] c = linked().get(0);
        String contactId = bed.engine().ctct().findByEmail(c[1]).orElseThrow().contactId();
        bed.crm().edit(c[0], "first_name", "CrmOlder");
        bed.control().setClockOffset(5).requireOk();
        bed.control().edit(contactId, Map.of("first_name", "CtctNewer")).requireOk();
        bed.set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s").stopEngine();

        SyncSummary pushAlone = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(pushAlone.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(pushAlone.count(Counter.TO_RETRY)).isEqualTo(1);
        assertThat(bed.engine().ctct().findByEmail(c[1]).orElseThrow().vocabulary())
                .as("not overwritten by the push").containsEntry("first_name", "CtctNewer");

        SyncSummary pull = bed.sync(Flow.CTCT_TO_CRM);
        SyncSummary push = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(pull.count(Counter.CONFLICTS)).as("decided by the merge, and recorded").isEqualTo(1);
        assertThat(push.status()).as(push.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(crm(c[0], "first_name")).isEqualTo("CtctNewer");
        assertThat(bed.engine().ctct().findByEmail(c[1]).orElseThrow().vocabulary()).containsEntry("first_name", "CtctNewer");
    }
}
