package io.contactsync.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.app.ContactSyncMain;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.FailureKind;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters an operator acts on, through {@code deadletters …} (in-process picocli) and {@code /admin/deadletters}
 * over real HTTP: records parked by the sandbox's fault injector (every import activity fails, one attempt allowed),
 * then one retried (the next cycle applies it and its dead letter is gone) and one discarded (kept, never re-driven,
 * no longer counted).
 */
class DeadLettersIT {

    private static final int CONTACTS = 3;
    private static final String TOKEN = "test-admin-token-dead-letters";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void park() {
        // No overlap: the next cycle reads nothing again by itself, so only a retry can bring a parked record back.
        bed = Testbed.start(dir).set("sync.redrive.max-attempts", "1").set("sync.flow.overlap", "0s");
        bed.seed(CONTACTS);
        bed.createTierField();
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 100}").requireOk();
        SyncSummary first = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(first.count(Counter.PARKED)).isEqualTo(CONTACTS);
        assertThat(first.count(Counter.TO_RETRY)).as("out of attempts: nothing re-drives them by itself").isZero();
        bed.control().clearFaults().requireOk();
        bed.stopEngine();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private JsonNode cliJson(String... args) throws Exception {
        int code = cli(args);
        assertThat(code).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    private long contactsInSandbox() {
        return bed.stats().path("contacts").path("total").asLong();
    }

    @Test
    void should_list_show_retry_and_discard_from_the_command_line() throws Exception {
        String config = bed.writeConfig().toString();

        JsonNode list = cliJson("deadletters", "list", "--json", "--config", config);
        assertThat(list.path("total").asLong()).isEqualTo(CONTACTS);
        List<JsonNode> items = new ArrayList<>();
        list.path("dead_letters").forEach(items::add);
        assertThat(items).hasSize(CONTACTS).allSatisfy(d -> {
            assertThat(d.path("flow").asText()).isEqualTo("crm-to-ctct");
            assertThat(d.path("kind").asText()).isEqualTo("transient");
            assertThat(d.path("reason").asText()).contains("activity");
            assertThat(d.has("payload")).as("a listing carries no personal data").isFalse();
            assertThat(d.path("next_attempt_at").isNull()).isTrue();
        });
        long retried = items.get(0).path("id").asLong();
        long discarded = items.get(1).path("id").asLong();
        long untouched = items.get(2).path("id").asLong();

        JsonNode page2 = cliJson("deadletters", "list", "--page", "2", "--page-size", "2", "--json", "--config", config);
        assertThat(page2.path("dead_letters")).hasSize(1);
        assertThat(page2.path("pages").asInt()).isEqualTo(2);

        assertThat(cliJson("deadletters", "show", Long.toString(retried), "--json", "--config", config).has("payload")).isFalse();
        JsonNode withPayload = cliJson("deadletters", "show", Long.toString(retried), "--payload", "--json", "--config", config);
        assertThat(withPayload.path("payload").asText()).as("kept so an operator can see what was refused").isNotBlank();

        assertThat(cli("deadletters", "show", "999999", "--config", config)).isEqualTo(1);
        assertThat(err.toString()).contains("no dead letter with id 999999");
        assertThat(cli("deadletters", "retry", "999999", "--config", config)).isEqualTo(1);
        assertThat(err.toString()).contains("999999");
        assertThat(cli("deadletters", "list", "--flow", "sideways", "--config", config)).isEqualTo(1);
        assertThat(err.toString()).contains("sideways");

        assertThat(cli("deadletters", "retry", Long.toString(retried), "--config", config)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Retrying " + retried).contains("re-drives");
        assertThat(cli("deadletters", "discard", Long.toString(discarded), "--config", config)).as(err.toString()).isZero();
        assertThat(cliJson("status", "--json", "--config", config).path("dead_letters").asLong())
                .as("a discarded one is not counted as parked").isEqualTo(CONTACTS - 1);

        SyncSummary next = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(next.status()).as(next.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.count(Counter.REDRIVEN)).as("only the retried one").isEqualTo(1);
        assertThat(contactsInSandbox()).as("the retried record landed").isEqualTo(1);
        StateStore state = bed.engine().state();
        assertThat(state.deadLetter(retried, false)).as("applied: its dead letter is gone").isEmpty();
        DeadLetterEntry gaveUp = state.deadLetter(discarded, false).orElseThrow();
        assertThat(gaveUp.discarded()).isTrue();
        assertThat(gaveUp.letter().nextAttemptAt()).isNull();
        assertThat(state.deadLetter(untouched, false).orElseThrow().discarded()).isFalse();
        assertThat(state.deadLetterCount()).isEqualTo(1);
        bed.stopEngine();

        JsonNode gone = cliJson("deadletters", "list", "--discarded", "--json", "--config", config);
        assertThat(gone.path("total").asLong()).isEqualTo(1);
        assertThat(gone.path("dead_letters").get(0).path("id").asLong()).isEqualTo(discarded);
        assertThat(gone.path("dead_letters").get(0).path("discarded_at").isNull()).isFalse();

        assertThat(cli("deadletters", "retry", "--all", "--config", config)).as(err.toString()).isZero();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).count(Counter.REDRIVEN)).as("--all: the one still parked, not the discarded")
                .isEqualTo(1);
        assertThat(contactsInSandbox()).isEqualTo(2);
        assertThat(bed.engine().state().deadLetterCount()).isZero();
        assertThat(bed.engine().state().deadLetter(discarded, false)).as("kept for the record").isPresent();
    }

    @Test
    void should_retry_and_discard_over_admin_http_behind_the_token() {
        int port = AdminClient.freePort();
        bed.set("sync.admin.port", Integer.toString(port)).set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "").env("SYNC_ADMIN_TOKEN", TOKEN).asService();
        bed.engine();
        AdminClient admin = new AdminClient(port);

        assertThat(admin.get("/admin/deadletters", null).status()).isEqualTo(401);
        assertThat(admin.get("/admin/deadletters", "wrong-token").status()).isEqualTo(401);
        assertThat(admin.post("/admin/deadletters/1/retry", null, null).status()).isEqualTo(401);

        AdminClient.Reply list = admin.get("/admin/deadletters?flow=crm-to-ctct&page=1&page_size=2", TOKEN);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("application/json");
        assertThat(list.body().path("total").asLong()).isEqualTo(CONTACTS);
        assertThat(list.body().path("dead_letters")).hasSize(2);
        long retried = list.body().path("dead_letters").get(0).path("id").asLong();
        long discarded = list.body().path("dead_letters").get(1).path("id").asLong();

        AdminClient.Reply one = admin.get("/admin/deadletters/" + retried, TOKEN);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("reason").asText()).contains("activity");
        assertThat(one.body().has("payload")).isFalse();
        assertThat(admin.get("/admin/deadletters/" + retried + "?payload=true", TOKEN).body().has("payload")).isTrue();

        AdminClient.Reply unknown = admin.get("/admin/deadletters/424242", TOKEN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).contains("424242");
        assertThat(admin.post("/admin/deadletters/424242/discard", TOKEN, null).status()).isEqualTo(404);
        assertThat(admin.get("/admin/deadletters/abc", TOKEN).status()).isEqualTo(400);
        assertThat(admin.get("/admin/deadletters?page_size=0", TOKEN).status()).isEqualTo(400);
        assertThat(admin.get("/admin/deadletters/" + retried + "/retry", TOKEN).status()).as("retry is a POST").isEqualTo(405);

        AdminClient.Reply retry = admin.post("/admin/deadletters/" + retried + "/retry", TOKEN, null);
        assertThat(retry.status()).as(retry.body().toString()).isEqualTo(200);
        assertThat(retry.body().path("dead_letters").get(0).path("next_attempt_at").isNull()).as("due now").isFalse();
        AdminClient.Reply discard = admin.post("/admin/deadletters/" + discarded + "/discard", TOKEN, null);
        assertThat(discard.status()).isEqualTo(200);
        assertThat(discard.body().path("dead_letters").get(0).path("discarded_at").isNull()).isFalse();
        assertThat(admin.get("/admin/status", TOKEN).body().path("dead_letters").asLong()).isEqualTo(CONTACTS - 1);

        AdminClient.Reply sync = admin.post("/admin/sync", TOKEN, "{\"direction\":\"crm-to-ctct\"}");

        assertThat(sync.status()).as(sync.body().toString()).isEqualTo(202);
        JsonNode run = Runs.settle(admin, TOKEN, sync).get(0);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("counts").path("redriven").asLong()).isEqualTo(1);
        assertThat(admin.get("/admin/deadletters/" + retried, TOKEN).status()).as("applied, gone").isEqualTo(404);
        assertThat(admin.get("/admin/deadletters/" + discarded, TOKEN).body().path("discarded_at").isNull()).isFalse();
        assertThat(admin.get("/admin/deadletters?discarded=true", TOKEN).body().path("total").asLong()).isEqualTo(1);
        assertThat(contactsInSandbox()).isEqualTo(1);
        assertThat(bed.engine().state().deadLetterPage(null, false, 1, 10).entries())
                .allSatisfy(e -> assertThat(e.letter().kind()).isEqualTo(FailureKind.TRANSIENT)).hasSize(1);
    }
}
