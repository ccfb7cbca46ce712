package io.contactsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.jdbc.JdbcCrmSettings;
import io.contactsync.sync.BlastRadius;
import io.contactsync.sync.RedrivePolicy;
import io.contactsync.sync.SyncOptions;

import static io.contactsync.config.ConfigCatalogue.*;

/**
 * Every {@code sync.*} setting, bound once at start into immutable records. {@link #from} reports all problems in
 * one {@link ConfigurationException}; secrets are masked in every message and {@code toString}. Every key is declared
 * in {@link ConfigCatalogue}; an undeclared {@code sync.*} key is a problem. {@code warnings} are settings that are
 * accepted but probably unsafe (printed by {@code validate}, logged at WARN on start).
 */
public record SyncSettings(CtctSettings ctct, JdbcCrmSettings crm, StateSettings state, Path mappingFile,
                           SyncOptions options, ScheduleSettings schedule, AdminSettings admin,
                           List<String> warnings) {

    public SyncSettings {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * Where the engine keeps its own state (checkpoints, links, runs, dead letters, flow leases, the journal), how long a
     * flow's lease outlives its holder's last heartbeat, and how many days the journal is kept (0: forever).
     */
    public record StateSettings(String url, String user, String password, Duration leaseTtl, int journalRetentionDays) {
        /** The journal's default retention: a year. */
        public static final int DEFAULT_JOURNAL_RETENTION_DAYS = 365;

        public StateSettings(String url, String user, String password, Duration leaseTtl) {
            this(url, user, password, leaseTtl, DEFAULT_JOURNAL_RETENTION_DAYS);
        }

        public StateSettings(String url, String user, String password) {
            this(url, user, password, Duration.ofMinutes(2));
        }

        @Override
        public String toString() {
            return "StateSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                    + ", leaseTtl=" + leaseTtl + ", journalRetentionDays=" + journalRetentionDays + "]";
        }
    }

    /** Quartz cron expressions of the long-running service, one per flow; blank turns a flow's schedule off. */
    public record ScheduleSettings(String crmToCtct, String ctctToCrm) {
    }

    /** The admin HTTP endpoints; they stay off without a token. */
    public record AdminSettings(String host, int port, String token) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        @Override
        public String toString() {
            return "AdminSettings[host=" + host + ", port=" + port + ", token=" + (enabled() ? "****" : "none") + "]";
        }
    }

    public static SyncSettings from(ConfigSource source) {
        ConfigReader r = new ConfigReader(source);
        r.checkKeys();
        CtctSettings ctct = CtctSettings.read(r);
        JdbcCrmSettings crm = crm(r);
        StateSettings state = new StateSettings(r.string(STATE_JDBC_URL), r.string(STATE_JDBC_USER),
                r.secret(STATE_JDBC_PASSWORD), r.duration(LEASE_TTL), r.integer(JOURNAL_RETENTION_DAYS));
        Path mapping = r.path(MAPPING_FILE);
        if (mapping != null && !mapping.toFile().isFile()) {
            r.problem(MAPPING_FILE.name(), "no such file (relative paths start in " + Path.of("").toAbsolutePath() + ")");
        }
        SyncOptions options = new SyncOptions(
                r.integer(FLOW_PAGE_SIZE),
                r.duration(FLOW_OVERLAP),
                r.enumValue(CTCT_DELETE_POLICY, SyncOptions.CtctDeletePolicy.class),
                r.enumValue(CRM_DELETE_POLICY, CrmConnector.DeletePolicy.class),
                r.bool(CRM_CREATE_CONTACTS),
                redrive(r),
                r.integer(FLOW_PUSH_BATCH),
                guard(r));
        if (options.crmDeletePolicy() == CrmConnector.DeletePolicy.FLAG && crm != null && crm.deletedColumn() == null) {
            r.problem(CRM_DELETE_POLICY.name(), "flag needs sync.crm.jdbc.deleted-column; set one or choose delete or ignore");
        }
        ScheduleSettings schedule = new ScheduleSettings(r.cron(SCHEDULE_CRM_TO_CTCT), r.cron(SCHEDULE_CTCT_TO_CRM));
        AdminSettings admin = new AdminSettings(r.string(ADMIN_HOST), r.integer(ADMIN_PORT), r.secret(ADMIN_TOKEN));
        if (admin.enabled() && !isLoopback(admin.host())) {
            r.warning(ADMIN_HOST.name(), "is not a loopback address: the admin token and personal data travel in clear"
                    + " text unless a TLS proxy sits in front");
        }
        // Read (so validate refuses a bad value) here; used by io.contactsync.observe.ObserveSettings.
        r.duration(OBSERVE_CTCT_PROBE_INTERVAL);
        r.integer(OBSERVE_STALE_AFTER_RUNS);
        r.bool(OBSERVE_METRICS_PUBLIC);
        r.done();
        return new SyncSettings(ctct, crm, state, mapping, options, schedule, admin, r.warnings());
    }

    /** Loopback by name or literal address; no DNS lookup at start. */
    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static JdbcCrmSettings crm(ConfigReader r) {
        String url = r.string(CRM_JDBC_URL);
        String deleted = r.string(CRM_JDBC_DELETED_COLUMN);
        JdbcCrmSettings s = JdbcCrmSettings.of(url, r.string(CRM_JDBC_USER), r.secret(CRM_JDBC_PASSWORD))
                .withTable(r.string(CRM_JDBC_TABLE))
                .withKeyColumns(r.string(CRM_JDBC_ID_COLUMN), r.string(CRM_JDBC_UPDATED_AT_COLUMN),
                        "none".equalsIgnoreCase(deleted) ? null : deleted)
                .withEmailColumn(r.string(CRM_JDBC_EMAIL_COLUMN))
                .withColumns(list(r.string(CRM_JDBC_COLUMNS)))
                .withChangesSql(r.string(CRM_JDBC_CHANGES_SQL))
                .withFetchSize(r.integer(CRM_JDBC_FETCH_SIZE));
        for (String p : s.problems()) {
            r.problem("sync.crm.jdbc", p);
        }
        return s;
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(out::add);
        return out;
    }

    private static BlastRadius.Limits guard(ConfigReader r) {
        Map<BlastRadius.Kind, BlastRadius.Limit> limits = new EnumMap<>(BlastRadius.Kind.class);
        limits.put(BlastRadius.Kind.UNSUBSCRIBE, new BlastRadius.Limit(r.integer(GUARD_UNSUBSCRIBE_PERCENT), r.integer(GUARD_UNSUBSCRIBE_COUNT)));
        limits.put(BlastRadius.Kind.DELETE, new BlastRadius.Limit(r.integer(GUARD_DELETE_PERCENT), r.integer(GUARD_DELETE_COUNT)));
        limits.put(BlastRadius.Kind.LIST_REMOVAL, new BlastRadius.Limit(r.integer(GUARD_LIST_REMOVAL_PERCENT), r.integer(GUARD_LIST_REMOVAL_COUNT)));
        limits.put(BlastRadius.Kind.BLANK, new BlastRadius.Limit(r.integer(GUARD_BLANK_PERCENT), r.integer(GUARD_BLANK_COUNT)));
        return new BlastRadius.Limits(r.bool(GUARD_ENABLED), r.integer(GUARD_MIN_COUNT), limits);
    }

    private static RedrivePolicy redrive(ConfigReader r) {
        int attempts = r.integer(REDRIVE_MAX_ATTEMPTS);
        Duration initial = r.duration(REDRIVE_BACKOFF_INITIAL);
        Duration max = r.duration(REDRIVE_BACKOFF_MAX);
        if (initial == null || max == null || max.compareTo(initial) < 0) {
            r.problem(REDRIVE_BACKOFF_MAX.name(), "must be at least sync.redrive.backoff-initial");
            return RedrivePolicy.DEFAULT;
        }
        return new RedrivePolicy(attempts, initial, max);
    }
}
