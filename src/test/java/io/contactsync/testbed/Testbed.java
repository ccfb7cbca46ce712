package io.contactsync.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.app.Engine;
import io.contactsync.app.EngineParts;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxControl;
import io.contactsync.sandbox.SandboxServer;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.sync.CycleHook;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;

/**
 * Real parts for end-to-end tests: the sandbox in-process on a free loopback port, the demo CRM and the engine's
 * state on H2 files under a temporary folder, and the engine started as the {@code sync} command starts it.
 * Nothing is mocked.
 */
public final class Testbed implements AutoCloseable {

    static {
        // As the command line does first thing: H2's AUTO_SERVER listens on loopback only, whichever H2 loads first.
        JdbcStateStore.keepH2OnLoopback();
    }

    public static final String CLIENT_ID = "sandbox-client";

    private Path dir;
    private final SandboxConfig sandboxConfig;
    private SandboxServer sandbox;
    private DataSource crmDataSource;
    private DemoCrm crm;
    private final SandboxControl control;
    private final Map<String, String> overrides = new HashMap<>();
    private final Map<String, String> env = new HashMap<>(
            Map.of("CTCT_CLIENT_SECRET", "sandbox-secret", "CTCT_REFRESH_TOKEN", "sandbox-refresh-token"));
    private Engine engine;
    private CycleHook hook = CycleHook.NONE;
    private boolean service;

    /** The engine's pace against a sandbox without limits: the highest that {@code sync.ctct.requests-per-second} accepts. */
    static final String UNLIMITED_REQUESTS_PER_SECOND = "100";

    private Testbed(Path dir, SandboxConfig sandboxConfig) {
        this.sandbox = SandboxServer.start(sandboxConfig.withPort(0));
        this.sandboxConfig = sandboxConfig.withPort(sandbox.port());
        this.control = SandboxControl.of(sandbox);
        useFiles(dir);
        overrides.put("sync.ctct.api-url", sandbox.apiUri().toString());
        overrides.put("sync.ctct.token-url", sandbox.tokenUri().toString());
        overrides.put("sync.ctct.client-id", CLIENT_ID);
        overrides.put("sync.ctct.activity-poll-initial", "100ms");
        overrides.put("sync.ctct.activity-poll-max", "500ms");
        if (!sandboxConfig.rateLimited()) {
            overrides.put("sync.ctct.requests-per-second", UNLIMITED_REQUESTS_PER_SECOND);
        }
    }

    /**
     * A testbed whose sandbox has its limits off (throttle, daily quota, queue cap, token endpoint) and whose engine
     * paces at 100 requests/s: at Constant Contact's real 4/s the end-to-end suite spent most of its time waiting.
     * Tests about pacing, 429s or quotas start with {@link #start(Path, SandboxConfig)} and real limits instead.
     */
    public static Testbed start(Path dir) {
        return new Testbed(dir, SandboxConfig.defaults().withRateLimited(false));
    }

    /**
     * A testbed on the given sandbox settings, e.g. {@code SandboxConfig.defaults()} for Constant Contact's real
     * limits; the engine then keeps its configured pace (4 requests/s) unless the sandbox's limits are off.
     */
    public static Testbed start(Path dir, SandboxConfig sandboxConfig) {
        return new Testbed(dir, sandboxConfig);
    }

    /** Points the CRM and the engine's state at H2 files under {@code dir} (created when missing). */
    private void useFiles(Path dir) {
        this.dir = dir;
        String crmUrl = "jdbc:h2:file:" + dir.resolve("crm").toAbsolutePath();
        this.crmDataSource = DemoCrm.h2(crmUrl);
        this.crm = new DemoCrm(crmDataSource, Clock.systemUTC());
        crm.createTableIfMissing();
        overrides.put("sync.crm.jdbc.url", crmUrl);
        overrides.put("sync.state.jdbc.url", "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath());
    }

    /**
     * Starts over as if new, without paying for a new sandbox: stops the engine, empties the sandbox
     * ({@link SandboxControl#reset()}: contacts, fields, faults, clock) and moves the CRM and state to fresh H2 files
     * under {@code freshDir}. The hook goes back to {@link CycleHook#NONE}. Needs a sandbox whose refresh tokens do
     * not rotate (a reset keeps used refresh tokens used, and a fresh state store starts from the environment's).
     */
    public Testbed startOver(Path freshDir) {
        if (sandboxConfig.rotateRefreshTokens()) {
            throw new IllegalStateException("startOver needs SandboxConfig.withRotateRefreshTokens(false)");
        }
        stopEngine();
        hook = CycleHook.NONE;
        control.reset().requireOk();
        useFiles(freshDir);
        return this;
    }

    /**
     * Stops the sandbox and starts it again on the same port, as a Constant Contact outage would look from the
     * engine; needs a sandbox with {@link SandboxConfig#withDataDir} so that its account survives.
     */
    public Testbed restartSandbox() {
        if (sandboxConfig.dataDir() == null) {
            throw new IllegalStateException("restartSandbox needs SandboxConfig.withDataDir");
        }
        sandbox.close();
        sandbox = SandboxServer.start(sandboxConfig);
        return this;
    }

    /** Inserts contacts 1..count of the demo seeder with this seed (ids {@code c000001}…). */
    public int seed(long seed, int count) {
        return new DemoCrmSeeder(seed, Clock.systemUTC()).seed(crmDataSource, count);
    }

    /** Overrides a configuration key for engines started from now on. */
    public Testbed set(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Sets the cycle hook; a running engine is stopped so that the next one starts with it. */
    public Testbed hook(CycleHook h) {
        stopEngine();
        this.hook = h;
        return this;
    }

    public int seed(int count) {
        return new DemoCrmSeeder(42, Clock.systemUTC()).seed(crmDataSource, count);
    }

    public DemoCrm crm() {
        return crm;
    }

    public DataSource crmDataSource() {
        return crmDataSource;
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    /** The secrets come through the environment, as in production; here a fake environment holds the sandbox's. */
    public ConfigSource config() {
        return ConfigSource.load(null, overrides, env::get);
    }

    /** Sets a variable of the fake environment (e.g. {@code SYNC_ADMIN_TOKEN}) for engines started from now on. */
    public Testbed env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Engines started from now on run as {@code run} does: Quartz triggers and (with a token) admin HTTP. */
    public Testbed asService() {
        stopEngine();
        this.service = true;
        return this;
    }

    /**
     * Writes this testbed's configuration as a {@code --config} file for the command line. A file may only hold
     * environment references for secrets, and a literal default in one ({@code ${env:X:secret}}) is refused too, so
     * the secrets come from the variables the failsafe configuration in the pom sets for the test JVM.
     */
    public Path writeConfig() {
        StringBuilder b = new StringBuilder();
        overrides.forEach((k, v) -> b.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        b.append("sync.ctct.client-secret=${env:").append(processEnv(CLIENT_SECRET_ENV, "CTCT_CLIENT_SECRET")).append("}\n");
        b.append("sync.ctct.refresh-token=${env:").append(processEnv(REFRESH_TOKEN_ENV, "CTCT_REFRESH_TOKEN")).append("}\n");
        try {
            return Files.writeString(dir.resolve("testbed.properties"), b.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String CLIENT_SECRET_ENV = "CONTACTSYNC_TESTBED_CLIENT_SECRET";
    static final String REFRESH_TOKEN_ENV = "CONTACTSYNC_TESTBED_REFRESH_TOKEN";

    private String processEnv(String variable, String fakeName) {
        if (!env.get(fakeName).equals(System.getenv(variable))) {
            throw new IllegalStateException(variable + " must hold " + fakeName + " of this testbed in the test JVM's"
                    + " environment (the failsafe configuration in pom.xml sets it)");
        }
        return variable;
    }

    /** What a command line printed and its exit code. */
    public record Cli(int code, String out, String err) {
    }

    /**
     * Runs {@code contact-sync ARGS --config <this testbed's file>} in this JVM, as an operator would between cycles:
     * the engine is stopped first (the command opens its own), and starts again on the next {@link #engine()}.
     */
    public Cli cli(String... args) {
        stopEngine();
        Path config = writeConfig();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.add("--config");
        all.add(config.toString());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = new picocli.CommandLine(new io.contactsync.app.ContactSyncMain()).setOut(new java.io.PrintWriter(out))
                .setErr(new java.io.PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The running engine, started on first use. */
    public Engine engine() {
        if (engine == null) {
            ConfigSource source = config();
            engine = Engine.start(SyncSettings.from(source), source, (service ? EngineParts.forService() : EngineParts.forOneShot()).withHook(hook));
        }
        return engine;
    }

    /** Stops the engine as a process exit would; the next {@link #engine()} starts a new one on the same files. */
    public void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /**
     * Plays "the next day" after a spent quota: the engine stops and the day's shared request count (kept in the
     * state store by every process of the application) is cleared, as 00:00 UTC would.
     */
    public void nextDay() {
        stopEngine();
        try (Connection c = DriverManager.getConnection(overrides.get("sync.state.jdbc.url") + ";AUTO_SERVER=TRUE", "", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM api_budget");
        } catch (SQLException e) {
            throw new IllegalStateException("could not clear the day's request count", e);
        }
    }

    public SyncSummary sync(Flow flow) {
        return engine().run(flow);
    }

    /** Creates the custom field {@code tier} the default mapping needs. */
    public void createTierField() {
        engine().ctct().createCustomField("tier");
    }

    public JsonNode stats() {
        return control.stats();
    }

    public long requests(String endpoint) {
        return stats().path("requests").path(endpoint).asLong(0);
    }

    /** Every request the sandbox counted so far, all endpoints together. */
    public long totalRequests() {
        long total = 0;
        for (var it = stats().path("requests").elements(); it.hasNext(); ) {
            total += it.next().asLong();
        }
        return total;
    }

    /** The sandbox's control API: unsubscribe or edit a contact as in Constant Contact's UI, skew its clock. */
    public SandboxControl control() {
        return control;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stopEngine();
        sandbox.close();
    }
}
