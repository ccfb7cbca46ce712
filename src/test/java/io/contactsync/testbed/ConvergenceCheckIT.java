package io.contactsync.testbed;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's own check can fail: each kind of divergence it promises to catch is caught. */
class ConvergenceCheckIT {

    @TempDir
    Path dir;
    Testbed bed;

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void should_report_a_field_difference_an_orphan_a_duplicate_free_account_and_a_re_subscribe() throws SQLException {
        bed = Testbed.start(dir);
        TwoWayScenario s = new TwoWayScenario(bed).start(12);
        assertThat(Convergence.check(bed, s.mustStayUnsubscribed()).problems()).as("in step after the first cycle").isEmpty();
        String id = s.liveIds().get(0);
        String subscribed = s.email(s.liveIds().get(1));
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE crm_contact SET city = 'Nowhere' WHERE id = ?")) {
            ps.setString(1, id); // behind the engine's back: updated_at does not move
            ps.executeUpdate();
        }
        bed.control().signUp("orphan@example.com", List.of()).requireOk();

        List<String> problems = Convergence.check(bed, Set.of(subscribed)).problems();

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("CRM " + id + " city 'Nowhere'"))
                .anySatisfy(p -> assertThat(p).contains("has no CRM record"))
                .anySatisfy(p -> assertThat(p).startsWith("re-subscribed in Constant Contact"))
                .anySatisfy(p -> assertThat(p).startsWith("opt-out cleared in the CRM"));
    }
}
