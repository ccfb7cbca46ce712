package io.contactsync.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real {@code sync} / {@code run} child JVM against the sandbox (imports slowed down by its fault
 * injector, small pages): the page in flight commits, the run ends {@code stopped}, {@code sync} exits 5 and
 * {@code run} 0 within seconds, and the next sync brings the rest across with nothing lost and nothing twice.
 */
class SyncStopIT {

    private static final int CONTACTS = 150;
    private static final int PAGE = 5;

    @TempDir
    Path dir;
    Testbed bed;
    Process child;
    CompletableFuture<Void> reader;
    final List<String> output = new ArrayList<>();

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        // A CRM the child JVM and this one can both open (the testbed's own CRM file is this JVM's alone).
        String crmUrl = "jdbc:h2:file:" + dir.resolve("shared-crm").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        DataSource crm = DemoCrm.h2(crmUrl);
        new DemoCrm(crm, Clock.systemUTC()).createTableIfMissing();
        new DemoCrmSeeder(42, Clock.systemUTC()).seed(crm, CONTACTS);
        bed.set("sync.crm.jdbc.url", crmUrl);
        bed.createTierField();
        // One batch per page (crm-to-ctct gathers pages into batches of sync.flow.push-batch): several commits to stop between.
        bed.set("sync.flow.page-size", Integer.toString(PAGE)).set("sync.flow.push-batch", Integer.toString(PAGE))
                .set("sync.schedule.ctct-to-crm", "");
        bed.control().addFaults("{\"endpoint\": \"POST /v3/activities/contacts_json_import\", \"delay_ms\": 300}")
                .requireOk();
    }

    @AfterEach
    void stop() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        bed.close();
    }

    @Test
    void should_commit_the_page_in_flight_and_exit_5_when_a_sync_gets_sigterm_and_lose_nothing() throws Exception {
        CountDownLatch firstPage = spawn("sync", "--direction", "crm-to-ctct");
        assertThat(firstPage.await(90, TimeUnit.SECONDS) && child.isAlive()).as("first page committed:\n%s", output()).isTrue();

        long signalled = System.nanoTime();
        sigterm();
        boolean ended = child.waitFor(10, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - signalled) / 1_000_000;

        assertThat(ended).as("exited within 10 s of SIGTERM:\n%s", output()).isTrue();
        assertThat(child.exitValue()).as("exit code (took %d ms):\n%s", tookMs, output()).isEqualTo(ContactSyncMain.EXIT_STOPPED);
        reader.get(10, TimeUnit.SECONDS);
        assertThat(output()).as("a WARN summary saying it stopped").containsPattern("WARN .*crm-to-ctct stopped:.*stopped on request");
        RunRecord run;
        long links;
        try (JdbcStateStore state = JdbcStateStore.open(stateUrl(), null, null)) {
            run = state.lastRuns(1).get(0);
            links = state.linkCount();
            assertThat(state.checkpoint(Flow.CRM_TO_CTCT.id())).as("checkpoint at a committed page").isPresent();
        }
        assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(run.trigger()).isEqualTo("cli");
        assertThat(run.error()).contains("stopped on request");
        assertThat(run.pages()).isBetween(1L, (long) CONTACTS / PAGE - 1);
        assertThat(links).as("every committed page linked its records, nothing beyond").isEqualTo(run.pages() * PAGE);
        assertThat(contacts()).as("Constant Contact holds exactly what was committed").isEqualTo(links);

        SyncSummary next = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counts().get("created")).as("the rest, and only the rest, created").isEqualTo(CONTACTS - links);
        assertThat(contacts()).as("every contact across, none twice").isEqualTo(CONTACTS);
        assertThat(bed.engine().state().linkCount()).isEqualTo(CONTACTS);
    }

    @Test
    void should_let_the_cycle_commit_its_page_and_exit_0_when_run_gets_sigterm() throws Exception {
        bed.set("sync.schedule.crm-to-ctct", "* * * * * ?");
        CountDownLatch firstPage = spawn("run");
        assertThat(firstPage.await(90, TimeUnit.SECONDS) && child.isAlive()).as("a scheduled cycle committed a page:\n%s", output())
                .isTrue();

        sigterm();
        boolean ended = child.waitFor(15, TimeUnit.SECONDS);

        assertThat(ended).as("exited within 15 s of SIGTERM:\n%s", output()).isTrue();
        assertThat(child.exitValue()).as("exit code:\n%s", output()).isZero();
        try (JdbcStateStore state = JdbcStateStore.open(stateUrl(), null, null)) {
            List<RunRecord> runs = state.lastRuns(10);
            RunRecord run = runs.get(0);
            assertThat(run.status()).as("the cycle in flight ended stopped").isEqualTo(RunStatus.STOPPED);
            assertThat(run.trigger()).isEqualTo("schedule");
            assertThat(run.pages()).as("no new cycle started once stopping").isPositive();
            assertThat(state.linkCount()).isEqualTo(runs.stream().mapToLong(RunRecord::pages).sum() * PAGE);
        }
        reader.get(10, TimeUnit.SECONDS);
        assertThat(output()).contains("SIGTERM received", "Stopping contact-sync", "contact-sync stopped")
                .doesNotContain("ERROR");
    }

    /**
     * SIGTERM, as {@code Process.destroy()} sends it, through the process handle: {@code Process.destroy()} also
     * closes this side's pipes, and the child's last lines would be lost.
     */
    private void sigterm() {
        assertThat(child.toHandle().destroy()).as("SIGTERM sent").isTrue();
    }

    /** Starts the command in a child JVM; the latch opens when it logs its first committed page. */
    private CountDownLatch spawn(String... command) throws IOException {
        Path config = bed.writeConfig();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ContactSyncMain.class.getName()));
        cmd.addAll(List.of(command));
        cmd.addAll(List.of("--config", config.toString()));
        // In the project folder, like the other command ITs: the default mapping file is relative to it.
        child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CountDownLatch firstPage = new CountDownLatch(1);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        reader = CompletableFuture.runAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("page 1 committed")) {
                        firstPage.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            firstPage.countDown(); // ended without: the caller's alive check fails with the output
        });
        return firstPage;
    }

    private String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private String stateUrl() {
        return "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
    }

    private long contacts() {
        return bed.stats().path("contacts").path("total").asLong();
    }
}
