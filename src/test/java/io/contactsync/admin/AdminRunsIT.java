package io.contactsync.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/sync|resync} answer 202 with run ids at once and {@code GET /admin/runs/{id}} follows the run,
 * over real HTTP, with the sandbox, CRM and state on H2 files. The sandbox's fault injector slows every import down,
 * so a cycle of many small pages lasts long enough to be watched.
 */
class AdminRunsIT {

    private static final String TOKEN = "test-admin-token-runs";
    private static final int CONTACTS = 60;
    private static final int PAGE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    int port;
    AdminClient admin;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        port = AdminClient.freePort();
        bed.set("sync.admin.port", Integer.toString(port))
                .set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "")
                .set("sync.flow.page-size", Integer.toString(PAGE))
                // One batch per page (crm-to-ctct gathers pages into batches): progress grows commit by commit.
                .set("sync.flow.push-batch", Integer.toString(PAGE))
                .env("SYNC_ADMIN_TOKEN", TOKEN)
                .asService();
        admin = new AdminClient(port);
        bed.engine();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private void slowImports() {
        bed.control().addFaults("{\"endpoint\": \"POST /v3/activities/contacts_json_import\", \"delay_ms\": 400}")
                .requireOk();
    }

    @Test
    void should_answer_202_at_once_and_show_growing_progress_then_the_result_when_a_sync_is_posted() throws Exception {
        slowImports();

        long t0 = System.nanoTime();
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/sync"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"crm-to-ctct\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Duration answered = Duration.ofNanos(System.nanoTime() - t0);
        JsonNode body = JSON.readTree(posted.body());
        long id = body.path("runs").get(0).path("run_id").asLong();

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(answered).as("answered before the cycle ends").isLessThan(Duration.ofMillis(1500));
        assertThat(body.path("runs")).hasSize(1);
        assertThat(body.path("runs").get(0).path("flow").asText()).isEqualTo("crm-to-ctct");
        assertThat(body.path("runs").get(0).path("url").asText()).isEqualTo("/admin/runs/" + id);
        assertThat(posted.headers().firstValue("Location")).hasValue("/admin/runs/" + id);

        JsonNode first = await(id, r -> r.path("progress").path("pages").asLong() >= 1);
        JsonNode later = await(id, r -> r.path("progress").path("pages").asLong() > first.path("progress").path("pages").asLong());
        AdminClient.Reply again = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");
        JsonNode status = admin.get("/admin/status", TOKEN).body();
        JsonNode done = Runs.settle(admin, TOKEN, id, Duration.ofSeconds(120));

        assertThat(first.path("status").asText()).isEqualTo("running");
        assertThat(later.path("status").asText()).as("still running while its progress grows").isEqualTo("running");
        assertThat(later.path("progress").path("read").asLong()).isGreaterThan(first.path("progress").path("read").asLong());
        assertThat(later.path("counts").path("created").asLong()).isPositive().isLessThan(CONTACTS);
        assertThat(later.path("updated_at").isTextual()).isTrue();
        assertThat(later.path("progress").path("expected_total").asLong()).as("the CRM counted its changes").isEqualTo(CONTACTS);
        assertThat(later.path("progress").path("eta_seconds").isNumber()).as("a total is known: an ETA").isTrue();
        assertThat(again.status()).as("a second sync while one runs").isEqualTo(409);
        assertThat(again.body().path("holder").asText()).isNotEmpty();
        assertThat(status.path("flows").path("crm-to-ctct").path("current_run").path("run_id").asLong()).isEqualTo(id);

        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("trigger").asText()).isEqualTo("admin");
        assertThat(done.path("flow").asText()).isEqualTo("crm-to-ctct");
        assertThat(done.path("finished_at").isTextual()).isTrue();
        assertThat(done.path("counts").path("read").asLong()).isEqualTo(CONTACTS);
        assertThat(done.path("counts").path("created").asLong()).isEqualTo(CONTACTS);
        assertThat(done.path("progress").path("pages").asLong()).isGreaterThanOrEqualTo(CONTACTS / PAGE);
        assertThat(done.path("api_calls").asLong()).isPositive();
        assertThat(done.path("duration_ms").asLong()).isGreaterThan(CONTACTS / PAGE * 400L);
        assertThat(fieldNames(done.path("counts")).subList(0, 3)).as("fixed counter order")
                .containsExactly("read", "unchanged", "imported");
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        assertThat(admin.get("/admin/runs?limit=5", TOKEN).body().path("runs").get(0).path("run_id").asLong()).isEqualTo(id);
    }

    @Test
    void should_answer_404_for_an_unknown_run_and_400_for_a_bad_id() {
        AdminClient.Reply unknown = admin.get("/admin/runs/987654", TOKEN);
        AdminClient.Reply bad = admin.get("/admin/runs/twelve", TOKEN);
        AdminClient.Reply limit = admin.get("/admin/runs?limit=0", TOKEN);
        AdminClient.Reply anonymous = admin.get("/admin/runs/1", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/json");
        assertThat(unknown.body().path("error").asText()).contains("987654");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText()).startsWith("run id:");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void should_give_each_flow_a_run_id_at_once_in_their_order_when_both_are_posted() {
        AdminClient.Reply r = admin.post("/admin/sync", TOKEN, "{\"direction\":\"both\"}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().path("runs")).hasSize(2);
        assertThat(fieldTexts(r.body().path("runs"), "flow")).containsExactly("ctct-to-crm", "crm-to-ctct");
        assertThat(fieldTexts(r.body().path("runs"), "status")).containsExactly("queued", "queued");
        List<JsonNode> done = Runs.settle(admin, TOKEN, r);
        assertThat(done).extracting(n -> n.path("status").asText()).containsExactly("succeeded", "succeeded");
        assertThat(done.get(0).path("finished_at").asText())
                .as("ctct-to-crm ended before crm-to-ctct started")
                .isLessThanOrEqualTo(done.get(1).path("started_at").asText());
        assertThat(done.get(1).path("counts").path("created").asLong()).isEqualTo(CONTACTS);
        assertThat(done.get(0).path("progress").path("expected_total").isNull())
                .as("Constant Contact gives no count: none invented").isTrue();
    }

    @Test
    void should_end_the_second_run_of_both_refused_naming_the_holder_when_its_flow_is_taken_before_its_turn() {
        // ctct-to-crm reads slowly; meanwhile another process sharing the state store takes crm-to-ctct's lease.
        bed.control().addFaults("{\"endpoint\": \"GET /v3/contacts\", \"delay_ms\": 1500}").requireOk();
        AdminClient.Reply r = admin.post("/admin/sync", TOKEN, "{\"direction\":\"both\"}");
        try (JdbcStateStore otherProcess = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(),
                null, null)) {
            otherProcess.tryAcquireLease("crm-to-ctct", "other-host/4242#busy", Duration.ofMinutes(2), Instant.now());

            List<JsonNode> done = Runs.settle(admin, TOKEN, r);

            assertThat(done.get(0).path("flow").asText()).isEqualTo("ctct-to-crm");
            assertThat(done.get(0).path("status").asText()).isEqualTo("succeeded");
            assertThat(done.get(1).path("flow").asText()).isEqualTo("crm-to-ctct");
            assertThat(done.get(1).path("status").asText()).isEqualTo("refused");
            assertThat(done.get(1).path("error").asText()).contains("other-host/4242#busy");
            assertThat(done.get(1).path("progress").path("pages").asLong()).isZero();
            assertThat(bed.stats().path("contacts").path("total").asLong()).as("crm-to-ctct did not run").isZero();
            otherProcess.releaseLease("crm-to-ctct", "other-host/4242#busy");
        }
    }

    @Test
    void should_answer_202_and_reread_everything_when_a_resync_is_posted() {
        Runs.settle(admin, TOKEN, admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}"));

        AdminClient.Reply r = admin.post("/admin/resync", TOKEN, "{\"direction\":\"crm-to-ctct\",\"mode\":\"full\"}");
        JsonNode done = Runs.settle(admin, TOKEN, r).get(0);

        assertThat(r.status()).isEqualTo(202);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("counts").path("read").asLong()).as("everything re-read").isEqualTo(CONTACTS);
        assertThat(done.path("counts").path("created").asLong()).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("no duplicates").isEqualTo(CONTACTS);
    }

    private JsonNode await(long id, Predicate<JsonNode> until) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode r = admin.get("/admin/runs/" + id, TOKEN).body();
            if (until.test(r)) {
                return r;
            }
            if (System.nanoTime() > end || !r.path("status").asText().matches("queued|running")) {
                throw new AssertionError("run " + id + " never got there: " + r);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> fieldTexts(JsonNode array, String field) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
