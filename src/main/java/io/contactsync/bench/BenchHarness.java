package io.contactsync.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.contactsync.crm.demo.DemoContact;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxControl;
import io.contactsync.sandbox.SandboxServer;

/**
 * Runs the benchmark: an in-process sandbox, a demo-schema CRM in H2 files under the work folder, and for each phase
 * a fresh setup (seeded outside the measurement) and one engine run as a child JVM. Calls are the sandbox's counters
 * read right before and right after the child runs; the engine itself is not changed or instrumented.
 */
public final class BenchHarness {

    /** The outcome: one result per phase run, and the baseline (null when not run). */
    public record Outcome(List<PhaseResult> phases, Baseline baseline) {
    }

    private final BenchOptions o;
    private final PrintWriter progress;
    private final DemoCrmSeeder seeder = new DemoCrmSeeder(11, Clock.systemUTC());
    private SandboxServer sandbox;
    private SandboxControl control;
    private SandboxHttp http;
    private String crmUrl;
    private Path config;
    private long setupContacts;

    public BenchHarness(BenchOptions options, PrintWriter progress) {
        this.o = options;
        this.progress = progress;
    }

    public Outcome run() throws IOException, InterruptedException {
        String warning = SandboxMemory.warning(o.contacts(), Runtime.getRuntime().maxMemory());
        if (warning != null) {
            say("%s", warning);
        }
        SandboxConfig sc = SandboxConfig.defaults().withPort(0).withRateLimited(o.realLimits()).withRotateRefreshTokens(false)
                .withActivityProcessingMillis(0);
        List<PhaseResult> results = new ArrayList<>();
        Baseline baseline = null;
        try (SandboxServer s = SandboxServer.start(sc)) {
            sandbox = s;
            control = SandboxControl.of(s);
            http = new SandboxHttp(s.baseUri(), s.apiUri(), s.tokenUri(), sc.clientId(), sc.clientSecret(),
                    sc.initialRefreshToken());
            for (String phase : o.phases()) {
                say("bench: %s, %,d contacts: setting up", phase, o.contacts());
                long t0 = System.nanoTime();
                try {
                    results.add(phase(phase));
                } catch (IOException | RuntimeException e) {
                    results.add(PhaseResult.failed(phase, setupContacts, (System.nanoTime() - t0) / 1_000_000,
                            e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
                PhaseResult last = results.get(results.size() - 1);
                say("bench: %s %s in %.1f s, %d API calls", phase, last.ok() ? "done" : "FAILED: " + last.error(),
                        last.wallMs() / 1000.0, last.calls());
                say("bench: %s: %s", phase, SandboxMemory.line(control.stats().path("contacts").path("total").asLong(-1)));
            }
            if (o.baselineContacts() > 0) {
                say("bench: per-contact baseline, %,d contacts", o.baselineContacts());
                baseline = baseline();
            }
        }
        return new Outcome(results, baseline);
    }

    private PhaseResult phase(String phase) throws IOException, InterruptedException {
        int n = o.contacts();
        switch (phase) {
            case "push" -> {
                Path setup = fresh("push");
                seedCrm(1, n);
                config = setup;
                return measure(phase, "crm-to-ctct", n);
            }
            case "pull" -> {
                Path setup = fresh("pull");
                int seeded = seedAccount(1, n);
                config = setup;
                return measure(phase, "ctct-to-crm", seeded);
            }
            case "twoway" -> {
                Path setup = fresh("twoway");
                int half = n / 2;
                seedCrm(1, n);
                seedAccount(half + 1, n);
                config = setup;
                return measure(phase, "both", setupContacts);
            }
            case "incremental" -> {
                requireSetup(phase);
                int k = Math.max(1, n / 100);
                editCrm(k);
                http.authenticate();
                for (String id : http.contactIds(k)) {
                    http.editInUi(id, Map.of("job_title", "Bench edit"));
                }
                return measure(phase, "both", 2L * k);
            }
            case "noop" -> {
                requireSetup(phase);
                return measure(phase, "both", setupContacts);
            }
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    private void requireSetup(String phase) {
        if (config == null) {
            throw new IllegalStateException(phase + " needs an earlier phase (push, pull or twoway) to sync again");
        }
    }

    /** An empty account (custom field "tier" as the mapping needs), a new CRM table and state store, a config file. */
    private Path fresh(String name) throws IOException {
        config = null; // incremental and noop only ever sync again a setup that was made in full
        control.reset().requireOk();
        http.authenticate();
        http.createField("tier");
        crmUrl = "jdbc:h2:file:" + o.dir().toAbsolutePath().resolve("crm-" + name) + ";AUTO_SERVER=TRUE";
        new DemoCrm(DemoCrm.h2(crmUrl), Clock.systemUTC()).createTableIfMissing();
        Properties p = new Properties();
        p.setProperty("sync.ctct.api-url", sandbox.apiUri().toString());
        p.setProperty("sync.ctct.token-url", sandbox.tokenUri().toString());
        p.setProperty("sync.ctct.client-id", sandbox.config().clientId());
        p.setProperty("sync.crm.jdbc.url", crmUrl);
        p.setProperty("sync.state.jdbc.url", "jdbc:h2:file:" + o.dir().toAbsolutePath().resolve("state-" + name));
        p.setProperty("sync.ctct.activity-poll-initial", "100ms");
        if (o.mapping() != null) {
            p.setProperty("sync.mapping.file", o.mapping().toAbsolutePath().toString());
        }
        if (!o.realLimits()) {
            p.setProperty("sync.ctct.requests-per-second", "100");
            p.setProperty("sync.ctct.daily-quota", "10000000");
        }
        Path file = o.dir().resolve(name + ".properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "contact-sync bench, phase " + name);
        }
        setupContacts = 0;
        return file;
    }

    private void seedCrm(int first, int count) {
        seeder.seed(DemoCrm.h2(crmUrl), first, count);
        setupContacts += count;
    }

    /** Seeds the account; the distinct contacts of the setup are those of the CRM (1..) and the account together. */
    private int seedAccount(int first, int count) throws InterruptedException {
        String list = http.createList("Bench seed");
        int sent = http.importContacts(first, count, seeder::contact, list);
        setupContacts = setupContacts == 0 ? sent : Math.max(setupContacts, first - 1L + sent);
        return sent;
    }

    private List<DemoContact> contacts(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(seeder::contact).toList();
    }

    /** 1 % of the CRM rows edited (city, updated_at now), as a CRM user's day of edits would. */
    private void editCrm(int k) {
        String sql = "UPDATE " + DemoCrm.TABLE + " SET city = ?, updated_at = ? WHERE id IN (SELECT id FROM "
                + DemoCrm.TABLE + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY)";
        try (Connection c = DemoCrm.h2(crmUrl).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "Benchville");
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setInt(3, k);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("bench: editing the CRM failed: " + e.getMessage(), e);
        }
    }

    private PhaseResult measure(String phase, String direction, long contacts) throws IOException, InterruptedException {
        JsonNode before = control.stats();
        Map<String, String> env = new HashMap<>();
        env.put("CTCT_CLIENT_SECRET", sandbox.config().clientSecret());
        env.put("CTCT_REFRESH_TOKEN", sandbox.config().initialRefreshToken());
        say("bench: %s: engine running (sync --direction %s)", phase, direction);
        EngineProcess.Outcome run = EngineProcess.sync(o.dir(), phase, direction, config, o.engineHeap(), env, 6 * 3600);
        JsonNode after = control.stats();
        Map<String, Long> by = delta(before.path("requests"), after.path("requests"));
        long calls = by.values().stream().mapToLong(Long::longValue).sum();
        long tokens = after.path("token_requests").asLong() - before.path("token_requests").asLong();
        JsonNode ib = before.path("imports");
        JsonNode ia = after.path("imports");
        long importCalls = ia.path("calls").asLong() - ib.path("calls").asLong();
        PhaseResult.Imports imports = importCalls == 0 ? PhaseResult.Imports.NONE : new PhaseResult.Imports(importCalls,
                ia.path("rows").asLong() - ib.path("rows").asLong(), ia.path("bytes").asLong() - ib.path("bytes").asLong(),
                recentMax(ia.path("recent"), importCalls, 0), recentMax(ia.path("recent"), importCalls, 1));
        JsonNode s = run.summary();
        String status = s == null ? null : s.path("status").asText(null);
        long engineMs = s == null ? -1 : s.path("duration_ms").asLong(-1);
        String error = null;
        // 3 = partial: the run ended and every record it did not sync is parked with a reason (status shows them);
        // that is a measured outcome, printed as the engine's status, not a failed phase.
        if (run.outOfMemory()) {
            // ExitOnOutOfMemoryError exits with 3 too: never read as a partial run.
            error = "engine ran out of heap at -Xmx" + o.engineHeap() + " (exit " + run.exit() + "); its GC log is "
                    + phase + ".gc.log";
        } else if (run.exit() != 0 && run.exit() != 3) {
            error = "engine exited " + run.exit() + (status == null ? "" : " (status " + status + ")")
                    + (run.errTail().isBlank() ? "" : ": " + run.errTail());
        }
        return new PhaseResult(phase, contacts, run.wallMs(), engineMs, calls, by, tokens, imports, run.peakHeapBytes(),
                run.peakRssBytes(), status, error);
    }

    /** The largest rows (column 0) or bytes (1) among the last {@code count} imports: the engine's, not the seeding's. */
    static long recentMax(JsonNode recent, long count, int column) {
        long max = -1;
        for (int i = Math.max(0, recent.size() - (int) Math.min(count, Integer.MAX_VALUE)); i < recent.size(); i++) {
            max = Math.max(max, recent.get(i).get(column).asLong());
        }
        return max;
    }

    private static Map<String, Long> delta(JsonNode before, JsonNode after) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.fields().forEachRemaining(e -> {
            long d = e.getValue().asLong() - before.path(e.getKey()).asLong();
            if (d > 0) {
                out.put(e.getKey(), d);
            }
        });
        return out;
    }

    private Baseline baseline() throws InterruptedException {
        control.reset().requireOk();
        http.authenticate();
        String field = http.createField("tier");
        String list = http.createList("Newsletter");
        JsonNode before = control.stats();
        Baseline b = http.perContact(contacts(1, o.baselineContacts()), list, field, o.realLimits() ? 4 : 0);
        JsonNode after = control.stats();
        long calls = delta(before.path("requests"), after.path("requests")).values().stream().mapToLong(Long::longValue).sum();
        return new Baseline(b.contacts(), calls, b.wallMs(), b.error());
    }

    private void say(String format, Object... args) {
        progress.println(String.format(format, args));
        progress.flush();
    }
}
