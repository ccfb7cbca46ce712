package io.contactsync.sync;

import io.contactsync.state.RunStatus;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.contactsync.testbed.Convergence;
import io.contactsync.testbed.Testbed;
import io.contactsync.testbed.TwoWayScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash at every named point of both flows loses nothing: the two-way scenario (edits on both sides, one failed
 * import activity so that a dead letter is re-driven) stops exactly at one point, a new engine starts on the same
 * files, and at most two cycles later both sides are in step, nothing duplicated, nobody re-subscribed, and one
 * more cycle writes nothing.
 */
class CrashPointsIT {

    private static final int CONTACTS = 20;

    /** Every point the flows pass (grep {@code hook.reached(} in sync/); checked against a recorded run below. */
    static final List<String> POINTS = List.of(
            "ctct-to-crm:begun", "ctct-to-crm:read", "ctct-to-crm:loaded", "ctct-to-crm:mapped", "ctct-to-crm:planned",
            "ctct-to-crm:guarded",
            "ctct-to-crm:upserted", "ctct-to-crm:written", "ctct-to-crm:before-commit", "ctct-to-crm:committed",
            "crm-to-ctct:outbox-settled", "crm-to-ctct:redrive-read", "crm-to-ctct:read", "crm-to-ctct:mapped",
            "crm-to-ctct:loaded", "crm-to-ctct:planned", "crm-to-ctct:guarded", "import-posted", "delete-posted", "remove_list-posted",
            "crm-to-ctct:written", "crm-to-ctct:confirmed", "crm-to-ctct:follow-up-unsubscribed",
            "crm-to-ctct:followed-up", "before-commit", "crm-to-ctct:committed");

    @TempDir
    Path dir;
    Testbed bed;

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

    /** Records every point passed; throws once at {@code crashAt} when armed. */
    static final class CrashHook implements CycleHook {
        final Set<String> seen = new LinkedHashSet<>();
        final String crashAt;
        volatile boolean armed;
        volatile boolean fired;

        CrashHook(String crashAt) {
            this.crashAt = crashAt;
        }

        @Override
        public void reached(String point) {
            seen.add(point);
            if (armed && !fired && point.equals(crashAt)) {
                fired = true;
                throw new IllegalStateException("simulated crash at " + point);
            }
        }
    }

    private TwoWayScenario scenario(CrashHook hook) {
        bed = Testbed.start(dir)
                .set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s")
                .set("sync.ctct.delete-policy", "delete") // so that a CRM delete passes delete-posted
                .hook(hook);
        TwoWayScenario s = new TwoWayScenario(bed).start(CONTACTS).editBothSides();
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 1}").requireOk();
        return s;
    }

    @Test
    void should_list_exactly_the_points_a_two_way_run_with_edits_on_both_sides_reaches() {
        CrashHook recorder = new CrashHook("none");
        TwoWayScenario s = scenario(recorder);

        Convergence.assertConverges(bed, 2, s.mustStayUnsubscribed());

        assertThat(new TreeSet<>(recorder.seen)).as("a point added or renamed needs a crash test")
                .isEqualTo(new TreeSet<>(POINTS));
    }

    static List<String> points() {
        return POINTS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void should_lose_nothing_and_duplicate_nothing_when_the_engine_crashes_at(String point) {
        CrashHook hook = new CrashHook(point);
        TwoWayScenario s = scenario(hook);
        hook.armed = true;

        crashOnce(hook);

        assertThat(hook.fired).as("the scenario reaches %s", point).isTrue();
        bed.stopEngine(); // the process died: the next engine starts on the same H2 files
        Convergence.assertConverges(bed, 2, s.mustStayUnsubscribed());
        assertThat(bed.engine().state().pendingActivities(Flow.CRM_TO_CTCT.id())).as("outbox settled").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ctct-to-crm:planned", "crm-to-ctct:planned"})
    void should_name_the_cause_in_the_run_record_when_a_step_fails(String point) {
        CrashHook hook = new CrashHook(point);
        scenario(hook);
        hook.armed = true;

        crashOnce(hook);

        assertThat(bed.engine().state().lastRuns(2)).anySatisfy(r -> assertThat(r.error()).contains("simulated crash at " + point));
    }

    /** Runs flows in the safe order until the hook fired (at most three cycles); nothing runs after the crash. */
    private void crashOnce(CrashHook hook) {
        for (int cycle = 0; cycle < 3 && !hook.fired; cycle++) {
            for (Flow f : Flow.bothInSafeOrder()) {
                SyncSummary summary = bed.sync(f);
                if (hook.fired) {
                    assertThat(summary.status()).as(summary.line()).isEqualTo(RunStatus.FAILED);
                    return;
                }
            }
        }
    }
}
