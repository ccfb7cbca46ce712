package io.contactsync.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Quartz triggers of the service and their meeting with manual triggers, through real HTTP and H2 files. */
class ScheduleIT {

    private static final String TOKEN = "schedule-test-token";
    private static final int CONTACTS = 8;

    @TempDir
    Path dir;
    Testbed bed;
    AdminClient admin;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        int port = AdminClient.freePort();
        bed.set("sync.admin.port", Integer.toString(port)).env("SYNC_ADMIN_TOKEN", TOKEN);
        admin = new AdminClient(port);
    }

    @AfterEach
    void stop() {
        release.countDown();
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<RunRecord> runs() {
        return bed.engine().state().lastRuns(100).stream().filter(r -> r.flow().equals("crm-to-ctct"))
                .sorted(Comparator.comparing(RunRecord::startedAt)).toList();
    }

    @Test
    void should_never_overlap_runs_of_one_flow_when_a_schedule_and_a_manual_trigger_fire_together() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        bed.hook(point -> {
            if ("before-commit".equals(point) && first.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        bed.set("sync.schedule.crm-to-ctct", "* * * * * ?").asService();
        bed.engine();
        assertThat(entered.await(60, TimeUnit.SECONDS)).as("a scheduled cycle started").isTrue();

        AdminClient.Reply during = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
        release.countDown();
        long[] manualRun = {0};
        await("a manual trigger gets the flow", () -> {
            AdminClient.Reply r = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
            assertThat(r.status()).isIn(202, 409);
            if (r.status() != 202) {
                return false;
            }
            // Accepted: queued, then run, or refused when a scheduled fire took the flow first (then try again).
            JsonNode done = Runs.settle(admin, TOKEN, r).get(0);
            manualRun[0] = done.path("run_id").asLong();
            return done.path("status").asText().equals("succeeded");
        });
        await("a scheduled cycle runs after the manual one", () -> runs().stream().anyMatch(r -> r.id() > manualRun[0]));

        assertThat(during.status()).isEqualTo(409);
        // A refused run never ran (its flow was busy when its turn came): only the runs that ran must not overlap.
        List<RunRecord> runs = runs().stream().filter(r -> r.status() != RunStatus.REFUSED).toList();
        assertThat(runs).extracting(RunRecord::id).contains(manualRun[0]);
        assertThat(runs.size()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i + 1 < runs.size(); i++) {
            Instant finished = runs.get(i).finishedAt();
            assertThat(finished).as("run %d finished before run %d started", runs.get(i).id(), runs.get(i + 1).id())
                    .isNotNull().isBeforeOrEqualTo(runs.get(i + 1).startedAt());
        }
        assertThat(runs).filteredOn(r -> r.status() != RunStatus.RUNNING).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
    }

    @Test
    void should_start_no_schedule_and_no_admin_route_when_the_engine_runs_one_shot() {
        bed.set("sync.schedule.crm-to-ctct", "* * * * * ?");

        Object routes = bed.engine().camelStatus().get("routes");

        // Each flow's route and its dry-run route (routes/dry-run.camel.yaml); no schedule, no admin or page route.
        assertThat(routes).as("only the flow routes and their dry runs").isEqualTo(4);
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.engine().state().lastRuns(10)).as("no scheduled run on top of the manual one").hasSize(1);
    }
}
