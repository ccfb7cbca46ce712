package io.contactsync.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin endpoints over real HTTP on the embedded server, with the sandbox, CRM and state on H2 files. */
class AdminApiIT {

    private static final String TOKEN = "test-admin-token-1234";
    private static final int CONTACTS = 12;

    @TempDir
    Path dir;
    Testbed bed;
    int port;
    AdminClient admin;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        port = AdminClient.freePort();
        bed.set("sync.admin.port", Integer.toString(port))
                .set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "")
                .env("SYNC_ADMIN_TOKEN", TOKEN)
                .asService();
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

    /** The next cycle stops before its commit until {@link #release} opens; the returned latch opens when it is there. */
    private CountDownLatch blockNextCycle() {
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
        return entered;
    }

    @Test
    void should_answer_409_naming_the_holder_when_another_process_holds_the_flows_lease() {
        bed.engine();
        Instant since = Instant.now();
        // A second engine process on the same state store (here: its lease row, written through its own store).
        try (JdbcStateStore otherProcess = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(),
                null, null)) {
            otherProcess.tryAcquireLease("crm-to-ctct", "other-host/4242#busy", Duration.ofMinutes(2), since);

            AdminClient.Reply sync = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
            AdminClient.Reply resync = admin.post("/admin/resync", TOKEN, "{\"direction\":\"crm-to-ctct\",\"mode\":\"full\"}");
            AdminClient.Reply status = admin.send("GET", "/admin/status", null, "Authorization", "Bearer " + TOKEN);

            assertThat(sync.status()).isEqualTo(409);
            assertThat(sync.body().path("error").asText()).contains("held by other-host/4242#busy since");
            assertThat(sync.body().path("holder").asText()).isEqualTo("other-host/4242#busy");
            assertThat(sync.body().path("since").asText()).isEqualTo(since.truncatedTo(ChronoUnit.MICROS).toString());
            assertThat(resync.status()).isEqualTo(409);
            assertThat(status.body().path("flows").path("crm-to-ctct").path("running").asBoolean()).isTrue();
            assertThat(bed.engine().state().lastRuns(5)).as("nothing ran").isEmpty();

            otherProcess.releaseLease("crm-to-ctct", "other-host/4242#busy");
            assertThat(Runs.settle(admin, TOKEN, admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}")).get(0)
                    .path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void should_answer_401_when_the_token_is_missing_or_wrong() {
        bed.engine();

        for (String path : new String[] {"/admin/sync", "/admin/resync"}) {
            AdminClient.Reply none = admin.post(path, null, "{}");
            AdminClient.Reply wrong = admin.post(path, TOKEN + "x", "{}");
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.body().path("error").asText()).isEqualTo("unauthorized");
            assertThat(wrong.status()).as(path).isEqualTo(401);
        }
        assertThat(admin.get("/admin/status", "short").status()).isEqualTo(401);
        assertThat(admin.get("/admin/status", null).body().path("error").asText()).isEqualTo("unauthorized");
        assertThat(bed.engine().state().lastRuns(5)).as("no run was triggered").isEmpty();
        assertThat(admin.get("/admin/status", TOKEN).status()).isEqualTo(200);
        assertThat(admin.get("/admin/sync", TOKEN).status()).as("sync only takes POST").isEqualTo(405);
    }

    @Test
    void should_answer_401_and_run_nothing_when_the_token_is_only_in_the_query() {
        bed.engine();

        AdminClient.Reply sync = admin.send("POST", "/admin/sync?Authorization=Bearer%20" + TOKEN, null);
        AdminClient.Reply lower = admin.send("POST", "/admin/sync?authorization=Bearer%20" + TOKEN, null);
        AdminClient.Reply status = admin.send("GET", "/admin/status?Authorization=Bearer+" + TOKEN, null);

        assertThat(sync.status()).isEqualTo(401);
        assertThat(sync.body().path("error").asText()).isEqualTo("unauthorized");
        assertThat(lower.status()).isEqualTo(401);
        assertThat(status.status()).isEqualTo(401);
        assertThat(bed.engine().state().lastRuns(5)).as("no run was triggered").isEmpty();
    }

    @Test
    void should_accept_the_bearer_scheme_in_any_case_when_the_header_holds_the_token() {
        bed.engine();

        assertThat(admin.send("GET", "/admin/status", null, "Authorization", "bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(admin.send("GET", "/admin/status", null, "Authorization", "BEARER " + TOKEN).status()).isEqualTo(200);
        assertThat(admin.send("GET", "/admin/status", null, "Authorization", "Basic " + TOKEN).status()).isEqualTo(401);
    }

    @Test
    void should_answer_401_before_405_when_the_method_is_wrong() {
        bed.engine();

        AdminClient.Reply none = admin.send("DELETE", "/admin/sync", null);
        AdminClient.Reply wrong = admin.send("GET", "/admin/resync", null, "Authorization", "Bearer nope");
        AdminClient.Reply right = admin.send("PUT", "/admin/status", "{}", "Authorization", "Bearer " + TOKEN);

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(right.status()).isEqualTo(405);
        assertThat(right.body().path("error").asText()).isEqualTo("method: PUT is not allowed here; use GET");
        assertThat(right.allow()).isEqualTo("GET");
        assertThat(right.contentType()).startsWith("application/json");
        assertThat(bed.engine().state().lastRuns(5)).isEmpty();
    }

    @Test
    void should_answer_json_when_the_path_is_unknown_or_the_body_too_large() {
        bed.engine();

        AdminClient.Reply unknown = admin.send("GET", "/admin/nope", null, "Authorization", "Bearer " + TOKEN);
        AdminClient.Reply elsewhere = admin.send("POST", "/", null);
        AdminClient.Reply large = admin.send("POST", "/admin/sync", "{\"direction\":\"" + "x".repeat(100_000) + "\"}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).startsWith("path: no endpoint /admin/nope");
        assertThat(unknown.contentType()).startsWith("application/json");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body().path("error").asText()).startsWith("path:");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.body().path("error").asText()).isEqualTo("body: larger than 65536 bytes");
        assertThat(large.contentType()).startsWith("application/json");
        assertThat(bed.engine().state().lastRuns(5)).isEmpty();
    }

    @Test
    void should_answer_json_with_its_content_type_when_an_endpoint_refuses() {
        bed.engine();

        AdminClient.Reply unauthorized = admin.post("/admin/sync", null, "{}");
        AdminClient.Reply bad = admin.post("/admin/resync", TOKEN, "{\"mode\":\"partial\"}");

        assertThat(unauthorized.contentType()).startsWith("application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/json");
    }

    @Test
    void should_keep_the_admin_endpoints_off_when_no_admin_token_is_set() {
        bed.env("SYNC_ADMIN_TOKEN", "").asService();
        bed.engine();

        // The server listens for health (docs/observe.md), but no admin route is there to take a call.
        assertThat(admin.post("/admin/sync", null, "{}").status()).isEqualTo(404);
        assertThat(admin.get("/admin/status", null).status()).isEqualTo(404);
        assertThat(admin.get("/observe/health/live", null).status()).isEqualTo(200);
        assertThat(bed.engine().state().lastRuns(5)).as("no run was triggered").isEmpty();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).as("flows still run").isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void should_answer_202_with_the_run_id_and_run_it_in_the_background_when_a_sync_is_posted() {
        bed.engine();

        AdminClient.Reply r = admin.post("/admin/sync?direction=crm-to-ctct", TOKEN, null);
        JsonNode run = Runs.settle(admin, TOKEN, r).get(0);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().path("runs")).hasSize(1);
        assertThat(r.body().path("runs").get(0).path("flow").asText()).isEqualTo("crm-to-ctct");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("trigger").asText()).isEqualTo("admin");
        assertThat(run.path("counts").path("created").asLong()).isEqualTo(CONTACTS);
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        AdminClient.Reply both = admin.post("/admin/sync", TOKEN, "{\"direction\":\"both\"}");
        assertThat(Runs.settle(admin, TOKEN, both)).extracting(n -> n.path("flow").asText())
                .containsExactly("ctct-to-crm", "crm-to-ctct");
    }

    @Test
    void should_answer_400_naming_the_field_when_a_request_is_invalid() {
        bed.engine();

        AdminClient.Reply direction = admin.post("/admin/sync", TOKEN, "{\"direction\":\"sideways\"}");
        AdminClient.Reply mode = admin.post("/admin/resync", TOKEN, "{\"mode\":\"partial\"}");
        AdminClient.Reply since = admin.post("/admin/resync", TOKEN, "{\"mode\":\"since\",\"since\":\"yesterday\"}");
        AdminClient.Reply body = admin.post("/admin/resync", TOKEN, "[1,2]");

        assertThat(direction.status()).isEqualTo(400);
        assertThat(direction.body().path("error").asText()).startsWith("direction:");
        assertThat(mode.body().path("error").asText()).startsWith("mode:");
        assertThat(since.status()).isEqualTo(400);
        assertThat(since.body().path("error").asText()).startsWith("since:");
        assertThat(body.body().path("error").asText()).startsWith("body:");
        assertThat(bed.engine().state().lastRuns(5)).isEmpty();
    }

    @Test
    void should_answer_409_when_a_sync_is_posted_while_one_runs() throws Exception {
        CountDownLatch entered = blockNextCycle();
        bed.engine();
        CompletableFuture<AdminClient.Reply> first = admin.postAsync("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
        assertThat(entered.await(60, TimeUnit.SECONDS)).as("first cycle reached its commit").isTrue();

        AdminClient.Reply second = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
        AdminClient.Reply resync = admin.post("/admin/resync", TOKEN, "{\"mode\":\"since\",\"since\":\"2000-01-01T00:00:00Z\"}");
        AdminClient.Reply status = admin.get("/admin/status", TOKEN);
        release.countDown();

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/json");
        assertThat(second.body().path("error").asText()).contains("already running");
        assertThat(resync.status()).isEqualTo(409);
        assertThat(status.body().path("flows").path("crm-to-ctct").path("running").asBoolean()).isTrue();
        assertThat(Runs.settle(admin, TOKEN, first.get(60, TimeUnit.SECONDS)).get(0).path("status").asText())
                .isEqualTo("succeeded");
        Checkpoint after = bed.engine().state().checkpoint(Flow.CRM_TO_CTCT.id()).orElseThrow();
        assertThat(after.position()).as("the refused resync left the checkpoint alone").isAfter(Instant.parse("2001-01-01T00:00:00Z"));
        assertThat(bed.engine().state().lastRuns(10)).hasSize(1);
    }

    @Test
    void should_move_the_checkpoint_back_and_reread_everything_when_a_full_resync_is_posted() {
        bed.engine();
        Runs.settle(admin, TOKEN, admin.post("/admin/sync", TOKEN, null));
        long contacts = bed.stats().path("contacts").path("total").asLong();

        AdminClient.Reply r = admin.post("/admin/resync", TOKEN, "{\"direction\":\"crm-to-ctct\",\"mode\":\"full\"}");
        JsonNode run = Runs.settle(admin, TOKEN, r).get(0);

        assertThat(r.status()).isEqualTo(202);
        assertThat(run.path("counts").path("read").asLong()).as("everything re-read").isEqualTo(CONTACTS);
        assertThat(run.path("counts").path("created").asLong()).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("no duplicates").isEqualTo(contacts);
    }

    @Test
    void should_show_checkpoints_runs_and_counts_when_status_is_asked() {
        bed.engine();
        Runs.settle(admin, TOKEN, admin.post("/admin/sync", TOKEN, null));

        AdminClient.Reply r = admin.get("/admin/status", TOKEN);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("flows").path("crm-to-ctct").path("checkpoint").path("position").asText()).isNotEmpty();
        assertThat(r.body().path("flows").path("crm-to-ctct").path("running").asBoolean()).isFalse();
        // both directions ran, Constant Contact first; the newest run comes first
        assertThat(r.body().path("runs")).hasSize(2);
        assertThat(r.body().path("runs").get(0).path("flow").asText()).isEqualTo("crm-to-ctct");
        assertThat(r.body().path("runs").get(0).path("counts").path("read").asLong()).isEqualTo(CONTACTS);
        assertThat(r.body().path("runs").get(1).path("flow").asText()).isEqualTo("ctct-to-crm");
        assertThat(r.body().path("links").asLong()).isEqualTo(CONTACTS);
        assertThat(r.body().path("dead_letters").asLong()).isZero();
        assertThat(r.body().path("conflicts").path("count").asLong()).isZero();
    }
}
