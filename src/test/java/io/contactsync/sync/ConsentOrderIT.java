package io.contactsync.sync;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.contactsync.testbed.Convergence;
import io.contactsync.testbed.Testbed;
import io.contactsync.testbed.TwoWayScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last consent event wins, whichever side it happened on, even when both happen between two cycles: a CRM
 * opt-out after the person's sign-up stands; a sign-up after a CRM opt-out reaches the CRM, and a later CRM edit of
 * another field does not undo it (it is no consent event). Written while checking ConvergencePropertyIT's model.
 */
class ConsentOrderIT {

    @TempDir
    Path dir;
    Testbed bed;

    @AfterEach
    void stop() {
        bed.close();
    }

    @ParameterizedTest(name = "opt-out {0} ms after the sign-up")
    @ValueSource(longs = {0, 1500})
    void should_keep_a_crm_opt_out_made_after_a_sign_up_between_two_cycles(long gapMillis) throws InterruptedException {
        bed = Testbed.start(dir);
        TwoWayScenario s = new TwoWayScenario(bed).start(12);
        String id = s.liveIds().get(1);
        String email = s.email(id);

        bed.control().signUp(email, List.of()).requireOk(); // re-confirms a subscribed person: explicit permission
        Thread.sleep(gapMillis);
        bed.crm().edit(id, "email_opt_out", true);
        Convergence.cycle(bed);
        Convergence.cycle(bed);

        assertThat(Convergence.check(bed, Set.of(email)).problems()).as("the opt-out came last").isEmpty();
    }

    /** A CRM edit of another field is no consent event: the sign-up stays the last one and reaches the CRM. */
    @ParameterizedTest(name = "CRM edit {0} ms after the sign-up")
    @ValueSource(longs = {0, 1500})
    void should_clear_the_crm_opt_out_when_the_person_signs_up_even_if_the_crm_record_is_edited_afterwards(long gapMillis)
            throws InterruptedException {
        bed = Testbed.start(dir);
        TwoWayScenario s = new TwoWayScenario(bed).start(12);
        String id = s.liveIds().get(1);
        String email = s.email(id);
        bed.crm().edit(id, "email_opt_out", true);
        Convergence.cycle(bed);

        bed.control().signUp(email, List.of()).requireOk(); // the person re-subscribes in Constant Contact
        Thread.sleep(gapMillis);
        bed.crm().edit(id, "first_name", "EditedAfter"); // the CRM, still showing the opt-out, is edited later
        Convergence.cycle(bed);
        Convergence.cycle(bed);

        assertThat(Convergence.check(bed, Set.of()).problems()).isEmpty();
        assertThat(Convergence.crmRows(bed).stream().filter(r -> id.equals(r.get("id"))).findFirst().orElseThrow())
                .containsEntry("email_opt_out", false).containsEntry("first_name", "EditedAfter");
    }
}
