package io.contactsync.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.contactsync.admin.AdminApi;
import io.contactsync.admin.AdminHttpErrors;
import io.contactsync.admin.DeadLetterApi;
import io.contactsync.admin.HeldRunApi;
import io.contactsync.admin.PlanApi;
import io.contactsync.admin.ExplainApi;
import io.contactsync.admin.page.RunnerTriggers;
import io.contactsync.admin.page.StatusPage;
import io.contactsync.admin.ScheduledRuns;
import io.contactsync.admin.ServiceRoutes;
import io.contactsync.admin.StatusReport;
import io.contactsync.admin.AdminAuth;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.CtctSettings;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.constantcontact.auth.EncryptedTokenStore;
import io.contactsync.constantcontact.auth.OAuthTokenProvider;
import io.contactsync.constantcontact.auth.RefreshTokenStore;
import io.contactsync.constantcontact.client.CtctHttpClient;
import io.contactsync.constantcontact.client.RequestPacer;
import io.contactsync.constantcontact.transport.CamelHttpTransport;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.jdbc.JdbcCrmConnector;
import io.contactsync.constantcontact.observer.CtctCallObserver;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.observe.HealthChecks;
import io.contactsync.observe.ObserveHttp;
import io.contactsync.observe.ObserveSettings;
import io.contactsync.observe.Observability;
import io.contactsync.observe.StoreSnapshots;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.StateApiBudget;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CrmToCtctFlow;
import io.contactsync.sync.CtctToCrmFlow;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowLeases;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.JournalRetention;
import io.contactsync.sync.SyncSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine's parts once (state store, CRM connector, mapping, Constant Contact client, flows), binds
 * them by name for the YAML routes loaded from {@code routes/}, and starts Camel. Bean wiring only: no decisions.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final SyncSettings settings;
    private final StateStore state;
    private final CrmConnector crm;
    private final ContactMapping mapping;
    private final CtctClient ctct;
    private final FlowRunner runner;
    private final Main main;
    private final Observability observe;
    private final List<HealthCheck> healthChecks;
    private ProducerTemplate template;

    private Engine(SyncSettings settings, ConfigSource source, EngineParts parts) {
        this.settings = settings;
        settings.warnings().forEach(w -> LOG.warn("Configuration: {}", w));
        this.mapping = ContactMapping.load(settings.mappingFile());
        mapping.warnings().forEach(w -> LOG.warn("Mapping: {}", w));
        ObserveSettings observing = ObserveSettings.read(source);
        this.observe = new Observability(parts.clock());
        JdbcStateStore store = JdbcStateStore.open(settings.state().url(), settings.state().user(), settings.state().password());
        this.state = store;
        if (settings.crm().url().equals(DemoCrm.DEFAULT_URL)) {
            // Demo only: the default configuration points at the demo CRM; make it usable out of the box.
            new DemoCrm(DemoCrm.h2(settings.crm().url()), parts.clock()).createTableIfMissing();
        }
        this.crm = new JdbcCrmConnector(settings.crm(), parts.clock());
        this.main = new Main();
        source.withPrefix("camel.").forEach(main::addInitialProperty);
        HttpTransport transport = new CamelHttpTransport(lazyTemplate());
        this.ctct = ctctClient(settings.ctct(), transport, state, parts, observe.apiCalls());
        ImportBatcher batcher = new ImportBatcher(settings.ctct().importMaxBytes(), settings.ctct().importMaxRows());
        CrmToCtctFlow crmToCtct = new CrmToCtctFlow(crm, state, mapping, ctct, batcher, settings.options(), parts.clock(), parts.hook());
        this.runner = new FlowRunner(this::sendThrough,
                new FlowLeases(state, settings.state().leaseTtl(), parts.clock()), ctct::flushBudget);
        CtctToCrmFlow ctctToCrm = new CtctToCrmFlow(crm, state, mapping, ctct, settings.options(),
                settings.ctct().pageSize(), parts.clock(), parts.hook());
        runner.register(crmToCtct);
        runner.register(ctctToCrm);
        // Every finished cycle is counted in the metrics once, from its closed run record.
        runner.addListener(observe.cycles());
        // The journal's retention purge, at most once a day when a cycle ends (docs/journal.md).
        runner.addListener(new JournalRetention(state, settings.state().journalRetentionDays(), parts.clock()));
        main.bind("crmToCtct", crmToCtct);
        main.bind("ctctToCrm", ctctToCrm);
        main.bind("flowRunner", runner);
        // Service routes (Quartz triggers, admin HTTP): after every flow is registered, so only those get a schedule.
        main.bind("scheduledRuns", new ScheduledRuns(runner));
        main.bind("adminApi", new AdminApi(settings.admin().token(), runner, state, parts.clock(),
                new StatusReport.Budget(settings.ctct().clientId(), settings.ctct().dailyQuota())));
        Map<String, String> serviceRoutes = ServiceRoutes.properties(settings, source, runner, parts.service());
        serviceRoutes.forEach(main::addInitialProperty);
        // Health and metrics: camel-micrometer-prometheus adopts this registry (by its name) for Camel's own metrics.
        main.bind(Observability.CAMEL_REGISTRY_NAME, observe.registry());
        List<String> flows = java.util.Arrays.stream(Flow.values()).filter(runner::has).map(Flow::id).toList();
        StoreSnapshots snapshots = observe.storeGauges(store.observeReads(), flows, settings.ctct().clientId(),
                settings.ctct().dailyQuota());
        Map<String, String> crons = new java.util.LinkedHashMap<>();
        for (String f : flows) {
            if (Boolean.parseBoolean(serviceRoutes.get("contactsync.schedule." + f + ".enabled"))) {
                crons.put(f, serviceRoutes.get("contactsync.schedule." + f + ".cron"));
            }
        }
        String clientId = settings.ctct().clientId();
        String configuredToken = settings.ctct().refreshToken();
        this.healthChecks = HealthChecks.create(new HealthChecks.Sources(store.observeReads(), snapshots, crm,
                        observe.apiCalls(),
                        () -> (configuredToken != null && !configuredToken.isBlank()) || state.oauthTokens(clientId).isPresent(),
                        ctct::listIdsByName, settings.ctct().dailyQuota(), flows, crons),
                observing.probeInterval(), observing.staleAfterRuns(), parts.clock());
        main.bind("observeHttp", new ObserveHttp(new AdminAuth(settings.admin().token()), observe.registry(),
                observing.metricsPublic()));
        // Dead letters over admin HTTP, and the HTML status page (routes/status-page.camel.yaml), same token.
        main.bind("deadLetterApi", new DeadLetterApi(settings.admin().token(), state, parts.clock()));
        main.bind("heldRunApi", new HeldRunApi(settings.admin().token(), state, parts.clock()));
        main.bind("planApi", new PlanApi(settings.admin().token(), runner));
        main.bind("explainApi", new ExplainApi(settings.admin().token(), state));
        main.bind("statusPage", new StatusPage(settings.admin().token(), state, runner::isRunning,
                new StatusReport.Budget(settings.ctct().clientId(), settings.ctct().dailyQuota()),
                ServiceRoutes.schedules(serviceRoutes), new RunnerTriggers(runner, state, parts.clock()), parts.clock()));
    }

    /** Starts the engine; the caller closes it. */
    public static Engine start(SyncSettings settings, ConfigSource source, EngineParts parts) {
        Engine engine = new Engine(settings, source, parts);
        try {
            engine.main.start();
            HealthCheckRegistry health = HealthCheckRegistry.get(engine.main.getCamelContext());
            if (health != null) {
                // Every check in every answer (Camel's default lists only those DOWN); ObserveHttp decides what to show.
                health.setExposureLevel("full");
                engine.healthChecks.forEach(health::register);
            }
            if (parts.service()) {
                AdminHttpErrors.install(engine.main.getCamelContext(), settings.admin().port());
            }
            return engine;
        } catch (Exception e) {
            engine.close();
            throw new IllegalStateException("the engine could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The OAuth tokens in the state store (table {@code oauth_token}), sealed under a key derived from the client
     * secret: the one store both the engine's refreshes and {@code authorize} write to.
     */
    public static RefreshTokenStore tokenStore(CtctSettings s, StateStore state) {
        RefreshTokenStore stateTokens = new RefreshTokenStore() {
            @Override
            public Optional<Stored> load(String clientId) {
                return state.oauthTokens(clientId).map(t -> new Stored(t.refreshToken(), t.accessToken(),
                        t.accessExpiresAt(), t.refreshStartedAt()));
            }

            @Override
            public void refreshStarting(String clientId, String refreshToken) {
                state.markRefreshStarted(clientId, refreshToken);
            }

            @Override
            public void refreshed(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt) {
                state.saveTokens(clientId, refreshToken, accessToken, accessExpiresAt);
            }
        };
        return new EncryptedTokenStore(stateTokens, s.clientId(), s.clientSecret());
    }

    public static CtctClient ctctClient(CtctSettings s, HttpTransport transport, StateStore state, EngineParts parts) {
        return ctctClient(s, transport, state, parts, CtctCallObserver.NONE);
    }

    /** @param observer told about every API request (metrics and health of {@code io.contactsync.observe}) */
    public static CtctClient ctctClient(CtctSettings s, HttpTransport transport, StateStore state, EngineParts parts,
                                        CtctCallObserver observer) {
        RefreshTokenStore tokens = tokenStore(s, state);
        OAuthTokenProvider auth = new OAuthTokenProvider(s.tokenUrl(), s.clientId(), s.clientSecret(), s.refreshToken(),
                tokens, transport, parts.clock(), s.tokenRefreshMargin());
        // The daily count is shared through the state store by every process of this Constant Contact application.
        RequestPacer pacer = new RequestPacer(s.requestsPerSecond(), s.dailyQuota(), parts.clock(),
                new StateApiBudget(state), s.clientId());
        CtctHttpClient http = new CtctHttpClient(s.apiUrl(), auth, pacer, transport,
                new CtctHttpClient.RetryPolicy(s.maxRetries(), s.backoffInitial(), s.backoffMax()), parts.clock());
        http.observe(observer);
        return new CtctClient(http, parts.clock(), s.activityPollInitial(), s.activityPollMax(), s.activityTimeout(),
                s.exportMaxRows());
    }

    /**
     * Sends a cycle through a flow's route and returns the body it ends with. InOnly on purpose: with InOut, a
     * bean's answer goes to the OUT message, which the loop's {@code morePages} check (on IN) does not see when the
     * last step of an iteration returns a different type than it took.
     */
    private Object sendThrough(String endpoint, Object body) {
        Exchange done = template().send(endpoint, ExchangePattern.InOnly, e -> e.getMessage().setBody(body));
        if (done.getException() != null) {
            throw CamelExecutionException.wrapCamelExecutionException(done, done.getException());
        }
        return done.getMessage().getBody();
    }

    private Supplier<ProducerTemplate> lazyTemplate() {
        return this::template;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            CamelContext context = main.getCamelContext();
            if (context == null) {
                throw new IllegalStateException("Camel is not started");
            }
            template = context.createProducerTemplate();
        }
        return template;
    }

    public SyncSummary run(Flow flow) {
        return runner.run(flow);
    }

    public FlowRunner runner() {
        return runner;
    }

    public StateStore state() {
        return state;
    }

    public CrmConnector crm() {
        return crm;
    }

    public CtctClient ctct() {
        return ctct;
    }

    public ContactMapping mapping() {
        return mapping;
    }

    public SyncSettings settings() {
        return settings;
    }

    public Map<String, Object> camelStatus() {
        CamelContext c = main.getCamelContext();
        return Map.of("camel", c == null ? "stopped" : c.getStatus().name(), "routes", c == null ? 0 : c.getRoutes().size());
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            // closing anyway
        }
        runner.close();
        try {
            ctct.flushBudget();
        } catch (RuntimeException e) {
            LOG.warn("Could not add the last requests to the shared daily count: {}", e.getMessage());
        }
        crm.close();
        state.close();
        observe.close();
    }
}
