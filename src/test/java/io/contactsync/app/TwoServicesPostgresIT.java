package io.contactsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.ContactPage;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two {@code contact-sync run} processes (real child JVMs) on one PostgreSQL state store, one PostgreSQL CRM and one
 * sandbox, scheduled every two and every three seconds and also triggered through both admin APIs at the same moment: the run
 * table must show that runs of one flow never overlapped, that both processes ran cycles, that none was left
 * running, and both sides must end converged. Each test has its own schemas (state, CRM), dropped after. Runs only
 * when {@code CONTACTSYNC_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}) is set, as {@code .ci/run} does.
 */
class TwoServicesPostgresIT {

    private static final String URL = System.getenv("CONTACTSYNC_TEST_PG_URL");
    private static final String USER = System.getenv("CONTACTSYNC_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("CONTACTSYNC_TEST_PG_PASSWORD");
    private static final Duration SERVICE_TIME = Duration.ofSeconds(24);
    private static final int CONTACTS = 150;
    private static final int ADDED_LATER = 40;

    @TempDir
    Path dir;

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String stateSchema = "two_state_" + suffix;
    private final String crmSchema = "two_crm_" + suffix;
    private final List<Service> services = new ArrayList<>();
    private SandboxServer sandbox;

    @BeforeEach
    void createSchemas() throws SQLException {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), "CONTACTSYNC_TEST_PG_URL not set");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + stateSchema);
            s.execute("CREATE SCHEMA " + crmSchema);
        }
    }

    @AfterEach
    void stopEverything() throws SQLException {
        services.forEach(Service::kill);
        if (sandbox != null) {
            sandbox.close();
        }
        if (URL == null || URL.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + stateSchema + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + crmSchema + " CASCADE");
        }
    }

    @Test
    void should_never_run_one_flow_twice_at_once_when_two_services_share_one_postgresql_state_store() throws Exception {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withRateLimited(false).withRotateRefreshTokens(false).withPort(0));
        PGSimpleDataSource crmData = dataSource(crmSchema);
        DemoCrm crm = new DemoCrm(crmData, Clock.systemUTC());
        crm.createTableIfMissing();
        new DemoCrmSeeder(42, Clock.systemUTC()).seed(crmData, CONTACTS);
        try (Engine helper = helperEngine()) {
            helper.ctct().createCustomField("tier");       // what validate --create-custom-fields does
        }

        // Every 2 s and every 3 s: both fire at the same moment every 6 s, and each also gets seconds of its own, so
        // that both run cycles even when one process always wins the races.
        services.add(Service.start("a", dir, schedule(serviceProperties(freePort()), "0/2 * * * * ?")));
        services.add(Service.start("b", dir, schedule(serviceProperties(freePort()), "0/3 * * * * ?")));
        LeaseSampler sampler = new LeaseSampler(schemaUrl(stateSchema));
        CompletableFuture<Void> sampling = CompletableFuture.runAsync(sampler);
        for (Service s : services) {
            s.awaitAdmin(Duration.ofSeconds(90));
        }
        Instant end = Instant.now().plus(SERVICE_TIME);
        List<Integer> answers = new ArrayList<>();
        for (int round = 0; Instant.now().isBefore(end); round++) {
            if (round == 2) {
                // New CRM records stamped now, as a CRM stamps its edits (the seeder's default spreads them over 30 days).
                new DemoCrmSeeder(42, Clock.systemUTC(), Duration.ofSeconds(1)).seed(crmData, CONTACTS + 1, ADDED_LATER);
            }
            // Both admin APIs at the same moment; 200 (a summary), 202 (accepted) or 409 (busy) are all fine.
            List<CompletableFuture<Integer>> calls = services.stream().map(Service::triggerSync).toList();
            for (CompletableFuture<Integer> call : calls) {
                answers.add(call.get(120, TimeUnit.SECONDS));
            }
            Thread.sleep(3_000);
        }
        for (Service s : services) {
            s.process.destroy();                          // SIGTERM
        }
        for (Service s : services) {
            assertThat(s.process.waitFor(90, TimeUnit.SECONDS)).as("%s stops after SIGTERM:%n%s", s.name, s.tail()).isTrue();
            assertThat(s.process.exitValue()).as("%s's exit code after SIGTERM:%n%s", s.name, s.tail()).isIn(0, 143);
        }
        sampler.stop.set(true);
        sampling.get(10, TimeUnit.SECONDS);

        assertThat(answers).as("admin answers").isNotEmpty().allSatisfy(a -> assertThat(a).isIn(200, 202, 409));
        List<Run> runs = runs();
        System.out.printf("two services: %d runs (%d crm-to-ctct), %d leases seen, admin answers %s%n", runs.size(),
                runs.stream().filter(r -> r.flow.equals("crm-to-ctct")).count(), sampler.pidsByLease.size(), answers);
        assertThat(runs).as("no run is left running").noneMatch(r -> r.status.equals("running") || r.finishedAt == null);
        assertThat(runs).as("no run was abandoned (both stopped cleanly)").noneMatch(r -> r.status.equals("abandoned"));
        for (String flow : List.of("crm-to-ctct", "ctct-to-crm")) {
            // A refused run was accepted (202) but found its flow busy when its turn came: it never ran.
            List<Run> ofFlow = runs.stream().filter(r -> r.flow.equals(flow) && !r.status.equals("refused")).toList();
            assertThat(ofFlow).as("runs of %s", flow).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < ofFlow.size(); i++) {
                Run before = ofFlow.get(i - 1);
                Run next = ofFlow.get(i);
                assertThat(next.startedAt).as("run %d of %s starts after run %d ended", next.id, flow, before.id)
                        .isAfterOrEqualTo(before.finishedAt);
            }
        }
        Map<String, Set<Long>> pidsByLease = sampler.pidsByLease;
        Set<Long> holders = new HashSet<>();
        pidsByLease.values().forEach(holders::addAll);
        assertThat(pidsByLease.values()).as("one holder per lease taken").allSatisfy(p -> assertThat(p).hasSize(1));
        assertThat(holders).as("both processes held leases and ran cycles (holders by pid); last sampling problem: %s",
                        sampler.lastProblem)
                .containsExactlyInAnyOrderElementsOf(services.stream().map(s -> s.process.pid()).toList());

        // Converged: every CRM contact in the sandbox exactly once, each linked once in the state store.
        Map<String, Integer> crmEmails = crmEmails(crmData);
        assertThat(crmEmails).hasSize(CONTACTS + ADDED_LATER);
        Map<String, Integer> ctctEmails = new HashMap<>();
        try (Engine helper = helperEngine()) {
            for (CtctContact c : contacts(helper)) {
                if (!c.deleted()) {
                    ctctEmails.merge(c.email().trim().toLowerCase(Locale.ROOT), 1, Integer::sum);
                }
            }
        }
        Set<String> missing = new HashSet<>(crmEmails.keySet());
        missing.removeAll(ctctEmails.keySet());
        assertThat(ctctEmails).as("every CRM contact is in the sandbox once; %d missing; dead letters: %s", missing.size(),
                list("SELECT flow || ' ' || record_key || ': ' || reason FROM dead_letter")).isEqualTo(crmEmails);
        assertThat(count("SELECT COUNT(*) FROM contact_link")).isEqualTo(CONTACTS + ADDED_LATER);
        assertThat(count("SELECT COUNT(*) FROM flow_lease")).as("every lease given back").isZero();
    }

    // ---- the two services

    private Map<String, String> serviceProperties(int adminPort) {
        Map<String, String> p = new HashMap<>();
        p.put("sync.ctct.api-url", sandbox.apiUri().toString());
        p.put("sync.ctct.token-url", sandbox.tokenUri().toString());
        p.put("sync.ctct.client-id", "sandbox-client");
        p.put("sync.ctct.requests-per-second", "100");
        p.put("sync.ctct.activity-poll-initial", "100ms");
        p.put("sync.ctct.activity-poll-max", "500ms");
        p.put("sync.crm.jdbc.url", schemaUrl(crmSchema));
        p.put("sync.crm.jdbc.user", USER);
        p.put("sync.state.jdbc.url", schemaUrl(stateSchema));
        p.put("sync.state.jdbc.user", USER);
        p.put("sync.flow.page-size", "50");
        p.put("sync.schedule.crm-to-ctct", "0/2 * * * * ?");
        p.put("sync.schedule.ctct-to-crm", "0/2 * * * * ?");
        p.put("sync.admin.port", Integer.toString(adminPort));
        return p;
    }

    private static Map<String, String> schedule(Map<String, String> properties, String cron) {
        properties.put("sync.schedule.crm-to-ctct", cron);
        properties.put("sync.schedule.ctct-to-crm", cron);
        return properties;
    }

    private static final class Service {
        final String name;
        final Process process;
        final int port;
        final String token;
        final Path log;
        final HttpClient http = HttpClient.newHttpClient();

        private Service(String name, Process process, int port, String token, Path log) {
            this.name = name;
            this.process = process;
            this.port = port;
            this.token = token;
            this.log = log;
        }

        static Service start(String name, Path dir, Map<String, String> properties) throws IOException {
            String token = "token-" + UUID.randomUUID();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add(ContactSyncMain.class.getName());
            command.add("run");
            Path log = dir.resolve("service-" + name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("CTCT_CLIENT_SECRET", "sandbox-secret");
            env.put("CTCT_REFRESH_TOKEN", "sandbox-refresh-token");
            env.put("STATE_JDBC_PASSWORD", PASSWORD == null ? "" : PASSWORD);
            env.put("CRM_JDBC_PASSWORD", PASSWORD == null ? "" : PASSWORD);
            env.put("SYNC_ADMIN_TOKEN", token);
            return new Service(name, pb.start(), Integer.parseInt(properties.get("sync.admin.port")), token, log);
        }

        void awaitAdmin(Duration timeout) throws Exception {
            Instant until = Instant.now().plus(timeout);
            while (Instant.now().isBefore(until)) {
                assertThat(process.isAlive()).as("%s is running:%n%s", name, tail()).isTrue();
                try {
                    HttpResponse<String> r = http.send(request("/admin/status").GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError(name + " never answered GET /admin/status:\n" + tail());
        }

        CompletableFuture<Integer> triggerSync() {
            return http.sendAsync(request("/admin/sync").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(110)).header("Authorization", "Bearer " + token);
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Reads the lease table every few milliseconds: which process (the pid in the holder name) took each lease,
     * keyed by flow and acquisition time (a run's id reaches the lease only with its first heartbeat).
     */
    private static final class LeaseSampler implements Runnable {
        final String url;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Set<Long>> pidsByLease = new ConcurrentHashMap<>();
        volatile SQLException lastProblem;

        LeaseSampler(String url) {
            this.url = url;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT flow, holder, acquired_at FROM flow_lease")) {
                            while (rs.next()) {
                                String holder = rs.getString(2);
                                long pid = Long.parseLong(holder.substring(holder.indexOf('/') + 1, holder.indexOf('#')));
                                String lease = rs.getString(1) + "@" + rs.getObject(3, OffsetDateTime.class).toInstant();
                                pidsByLease.computeIfAbsent(lease, k -> ConcurrentHashMap.newKeySet()).add(pid);
                            }
                        }
                        Thread.sleep(5);
                    }
                } catch (SQLException e) {
                    lastProblem = e; // the table does not exist until the first service migrated the schema
                    sleep();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- reading both sides

    private record Run(long id, String flow, String status, Instant startedAt, Instant finishedAt) {
    }

    private List<Run> runs() throws SQLException {
        List<Run> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schemaUrl(stateSchema), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, flow, status, started_at, finished_at FROM sync_run ORDER BY flow, started_at, id")) {
            while (rs.next()) {
                OffsetDateTime finished = rs.getObject(5, OffsetDateTime.class);
                out.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        finished == null ? null : finished.toInstant()));
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(schemaUrl(stateSchema), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> list(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schemaUrl(stateSchema), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Map<String, Integer> crmEmails(PGSimpleDataSource crm) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = crm.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email FROM crm_contact WHERE deleted = FALSE")) {
            while (rs.next()) {
                out.merge(rs.getString(1).trim().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return out;
    }

    private static List<CtctContact> contacts(Engine engine) {
        List<CtctContact> out = new ArrayList<>();
        ContactPage page = engine.ctct().contactsUpdatedAfter(null, 500);
        out.addAll(page.contacts());
        while (page.nextHref() != null) {
            page = engine.ctct().nextContacts(page.nextHref());
            out.addAll(page.contacts());
        }
        return out;
    }

    /** An engine of the test's own (state on an H2 file) for what an operator does by hand: create a field, look. */
    private Engine helperEngine() {
        Map<String, String> p = serviceProperties(freePort());
        p.put("sync.state.jdbc.url", "jdbc:h2:file:" + dir.resolve("helper-state").toAbsolutePath());
        p.put("sync.state.jdbc.user", "");
        Map<String, String> env = Map.of("CTCT_CLIENT_SECRET", "sandbox-secret", "CTCT_REFRESH_TOKEN", "sandbox-refresh-token",
                "CRM_JDBC_PASSWORD", PASSWORD == null ? "" : PASSWORD);
        ConfigSource source = ConfigSource.load(null, p, env::get);
        return Engine.start(SyncSettings.from(source), source, EngineParts.forOneShot());
    }

    private PGSimpleDataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(schemaUrl(schema));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    private static String schemaUrl(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
