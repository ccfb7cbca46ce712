package io.contactsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.ConflictWinner;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Conflict policies, shared timestamps, clock skew and changes made while a cycle runs. */
class TwoWayEdgesIT {

    private static final int CONTACTS = 30;

    @TempDir
    Path dir;
    Testbed bed;

    private void start() {
        start(0);
    }

    /** @param skewSeconds the sandbox clock's constant offset from the engine's, from the first call on */
    private void start(int skewSeconds) {
        bed = Testbed.start(dir);
        bed.control().setClockOffset(skewSeconds);
        bed.seed(CONTACTS);
        bed.createTierField();
        both();
    }

    @AfterEach
    void stop() {
        if (bed != null) {
            try {
                assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
            } finally {
                bed.close();
            }
        }
    }

    private List<SyncSummary> both() {
        List<SyncSummary> out = new ArrayList<>();
        for (Flow f : Flow.bothInSafeOrder()) {
            SyncSummary s = bed.sync(f);
            assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
            out.add(s);
        }
        return out;
    }

    private List<String> liveIds(int n) {
        List<String> ids = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM crm_contact WHERE email_opt_out = FALSE AND deleted = FALSE ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next() && ids.size() < n) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private String crmField(String id, String column) {
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

    private String contactId(String crmId) {
        return bed.engine().state().linksByCrmIds(List.of(crmId)).get(crmId).contactId();
    }

    private CtctContact ctct(String crmId) {
        return bed.engine().ctct().getContact(contactId(crmId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm", "ctct"})
    void should_follow_the_field_policy_when_both_sides_change_the_same_field(String policy) throws IOException {
        Path mapping = dir.resolve("mapping.yaml");
        String yaml = Files.readString(Path.of("mappings/contacts.yaml")).replace(
                "  - crm: first_name\n    ctct: first_name\n", "  - crm: first_name\n    ctct: first_name\n    conflict: " + policy + "\n");
        assertThat(yaml).contains("conflict: " + policy);
        Files.writeString(mapping, yaml);
        bed = Testbed.start(dir);
        bed.set("sync.mapping.file", mapping.toString());
        bed.seed(CONTACTS);
        bed.createTierField();
        both();
        String id = liveIds(1).get(0);
        bed.crm().edit(id, "first_name", "FromCrm");
        bed.control().edit(contactId(id), Map.of("first_name", "FromCtct"));

        both();

        String winner = policy.equals("crm") ? "FromCrm" : "FromCtct";
        assertThat(crmField(id, "first_name")).isEqualTo(winner);
        assertThat(ctct(id).vocabulary()).containsEntry("first_name", winner);
        assertThat(bed.engine().state().recentConflicts(1)).singleElement()
                .satisfies(c -> assertThat(c.winner()).isEqualTo(ConflictWinner.of(policy)));
        List<SyncSummary> after = both();
        assertThat(after.stream().mapToLong(s -> s.count(Counter.CONFLICTS) + s.count(Counter.IMPORTED) + s.count(Counter.CRM_UPDATED)).sum())
                .as("settled: no further writes").isZero();
    }

    @Test
    void should_carry_every_change_when_several_contacts_share_one_updated_at() {
        start();
        List<String> ids = liveIds(4);
        bed.control().setClockOffset(3);
        for (String id : ids) { // whole-second timestamps: these edits share one updated_at
            bed.control().edit(contactId(id), Map.of("job_title", "Same Second"));
        }
        assertThat(ids.stream().map(id -> ctct(id).updatedAt()).distinct().count()).isLessThanOrEqualTo(2);

        both();

        for (String id : ids) {
            assertThat(crmField(id, "job_title")).as(id).isEqualTo("Same Second");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {600, -600})
    void should_sync_edits_and_settle_when_the_sandbox_clock_is_skewed(int offset) {
        start(offset);
        List<String> ids = liveIds(2);
        bed.control().edit(contactId(ids.get(0)), Map.of("last_name", "Skewed"));
        bed.crm().edit(ids.get(1), "city", "Skewtown");

        both();
        bed.control().edit(contactId(ids.get(0)), Map.of("last_name", "Skewed Again"));
        both();

        assertThat(crmField(ids.get(0), "last_name")).isEqualTo("Skewed Again");
        assertThat(ctct(ids.get(1)).vocabulary()).containsEntry("city", "Skewtown");
        List<SyncSummary> quiet = both();
        assertThat(quiet.stream().mapToLong(s -> s.count(Counter.IMPORTED) + s.count(Counter.CRM_UPDATED)).sum()).isZero();
    }

    @Test
    void should_pick_up_a_change_made_during_a_cycle_in_the_next_cycle() {
        start();
        List<String> ids = liveIds(2);
        bed.crm().edit(ids.get(0), "city", "First");
        bed.hook(point -> {
            if (point.equals("import-posted")) {
                bed.crm().edit(ids.get(1), "city", "During");
                bed.control().edit(contactIdUnchecked(ids.get(0)), Map.of("job_title", "During"));
            }
        });
        bed.sync(Flow.CRM_TO_CTCT);
        bed.hook(CycleHook.NONE);

        both();

        assertThat(ctct(ids.get(1)).vocabulary()).containsEntry("city", "During");
        assertThat(crmField(ids.get(0), "job_title")).isEqualTo("During");
        assertThat(ctct(ids.get(0)).vocabulary()).containsEntry("city", "First");
    }

    private String contactIdUnchecked(String crmId) {
        return bed.engine().state().linksByCrmIds(List.of(crmId)).get(crmId).contactId();
    }
}
