package io.contactsync.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.contactsync.config.ConfigKey.bool;
import static io.contactsync.config.ConfigKey.cron;
import static io.contactsync.config.ConfigKey.enumeration;
import static io.contactsync.config.ConfigKey.integer;
import static io.contactsync.config.ConfigKey.nonNegativeDuration;
import static io.contactsync.config.ConfigKey.path;
import static io.contactsync.config.ConfigKey.positiveDuration;
import static io.contactsync.config.ConfigKey.secret;
import static io.contactsync.config.ConfigKey.string;
import static io.contactsync.config.ConfigKey.url;

/**
 * Every {@code sync.*} key, declared once: default, type and accepted values, one-line doc. The settings records
 * read only these keys; {@link #unknownKeyProblem} refuses any other {@code sync.*} key, naming the closest known
 * one. {@code config/application.properties} documents the same keys (a test keeps the two in step).
 */
public final class ConfigCatalogue {

    public static final String PREFIX = "sync.";

    // ---- Constant Contact
    public static final ConfigKey CTCT_API_URL = url("sync.ctct.api-url", "https://api.cc.email/v3",
            "Constant Contact V3 API base URL.");
    public static final ConfigKey CTCT_TOKEN_URL = url("sync.ctct.token-url",
            "https://authz.constantcontact.com/oauth2/default/v1/token", "OAuth2 token endpoint.");
    public static final ConfigKey CTCT_AUTHORIZE_URL = url("sync.ctct.authorize-url",
            "https://authz.constantcontact.com/oauth2/default/v1/authorize",
            "OAuth2 authorize endpoint, opened in a browser by contact-sync authorize.");
    public static final ConfigKey CTCT_CLIENT_ID = string("sync.ctct.client-id", null,
            "The application's client id (API key).").whichIsRequired();
    public static final ConfigKey CTCT_CLIENT_SECRET = secret("sync.ctct.client-secret", "CTCT_CLIENT_SECRET",
            "The application's client secret.").whichIsRequired();
    public static final ConfigKey CTCT_REFRESH_TOKEN = secret("sync.ctct.refresh-token", "CTCT_REFRESH_TOKEN",
            "A first refresh token, only when the account was not connected with contact-sync authorize; the state store keeps the rotated ones.");
    public static final ConfigKey CTCT_REQUESTS_PER_SECOND = integer("sync.ctct.requests-per-second", 4, 1, 100,
            "Requests per second to Constant Contact.");
    public static final ConfigKey CTCT_DAILY_QUOTA = integer("sync.ctct.daily-quota", 10_000, 1, 10_000_000,
            "Requests per day (reset at 00:00 UTC).");
    public static final ConfigKey CTCT_MAX_RETRIES = integer("sync.ctct.max-retries", 6, 0, 50,
            "Retries of 429 throttled / 5xx / I/O.");
    public static final ConfigKey CTCT_BACKOFF_INITIAL = positiveDuration("sync.ctct.backoff-initial", "500ms",
            "First retry backoff.");
    public static final ConfigKey CTCT_BACKOFF_MAX = positiveDuration("sync.ctct.backoff-max", "30s",
            "Longest retry backoff.");
    public static final ConfigKey CTCT_ACTIVITY_POLL_INITIAL = positiveDuration("sync.ctct.activity-poll-initial",
            "200ms", "First interval between polls of a bulk activity.");
    public static final ConfigKey CTCT_ACTIVITY_POLL_MAX = positiveDuration("sync.ctct.activity-poll-max", "5s",
            "Longest interval between polls of a bulk activity.");
    public static final ConfigKey CTCT_ACTIVITY_TIMEOUT = positiveDuration("sync.ctct.activity-timeout", "30m",
            "Give up on a bulk activity after this long.");
    public static final ConfigKey CTCT_IMPORT_MAX_BYTES = integer("sync.ctct.import-max-bytes", 3_800_000, 10_000,
            CtctSettings.CTCT_IMPORT_BYTE_LIMIT - 1, "Encoded size an import body may reach (under the 4 MB cut).");
    public static final ConfigKey CTCT_IMPORT_MAX_ROWS = integer("sync.ctct.import-max-rows",
            CtctSettings.CTCT_IMPORT_ROW_LIMIT, 1, CtctSettings.CTCT_IMPORT_ROW_LIMIT, "Contacts per import.");
    public static final ConfigKey CTCT_EXPORT_MAX_ROWS = integer("sync.ctct.export-max-rows", 300_000, 0, 10_000_000,
            "Largest account (contacts) read through one contact_exports file instead of GET /contacts pages, by a push's"
                    + " read-back and by a large ctct-to-crm pass; 0: never.");
    public static final ConfigKey CTCT_PAGE_SIZE = integer("sync.ctct.page-size", 500, 1, 500,
            "Contacts per GET /contacts page.");
    public static final ConfigKey CTCT_TOKEN_REFRESH_MARGIN = positiveDuration("sync.ctct.token-refresh-margin", "5m",
            "Refresh the access token this long before it expires.");
    public static final ConfigKey CTCT_DELETE_POLICY = enumeration("sync.ctct.delete-policy", "unsubscribe",
            "What a CRM delete does in Constant Contact: unsubscribe, delete or ignore.");

    // ---- CRM (JDBC)
    public static final ConfigKey CRM_JDBC_URL = string("sync.crm.jdbc.url", null, "JDBC URL of the CRM database.")
            .whichIsRequired();
    public static final ConfigKey CRM_JDBC_USER = string("sync.crm.jdbc.user", null, "CRM database user.");
    public static final ConfigKey CRM_JDBC_PASSWORD = secret("sync.crm.jdbc.password", "CRM_JDBC_PASSWORD",
            "CRM database password.");
    public static final ConfigKey CRM_JDBC_TABLE = string("sync.crm.jdbc.table", "crm_contact", "The contacts table.");
    public static final ConfigKey CRM_JDBC_ID_COLUMN = string("sync.crm.jdbc.id-column", "id", "Primary key column.");
    public static final ConfigKey CRM_JDBC_UPDATED_AT_COLUMN = string("sync.crm.jdbc.updated-at-column", "updated_at",
            "Last-modified column.");
    public static final ConfigKey CRM_JDBC_DELETED_COLUMN = string("sync.crm.jdbc.deleted-column", "deleted",
            "Soft-delete flag column, or none when the CRM deletes rows.");
    public static final ConfigKey CRM_JDBC_EMAIL_COLUMN = string("sync.crm.jdbc.email-column", "email",
            "E-mail column, always read.");
    public static final ConfigKey CRM_JDBC_COLUMNS = string("sync.crm.jdbc.columns", "",
            "Mapped columns (comma-separated); empty = every column but id, updated-at and deleted.");
    public static final ConfigKey CRM_JDBC_CHANGES_SQL = string("sync.crm.jdbc.changes-sql", null,
            "Optional SELECT replacing the generated change query.");
    public static final ConfigKey CRM_JDBC_FETCH_SIZE = integer("sync.crm.jdbc.fetch-size", 500, 1, 100_000,
            "JDBC fetch size of reads.");
    public static final ConfigKey CRM_DELETE_POLICY = enumeration("sync.crm.delete-policy", "flag",
            "What a Constant Contact delete does in the CRM: flag, delete or ignore.");
    public static final ConfigKey CRM_CREATE_CONTACTS = bool("sync.crm.create-contacts", true,
            "Whether contacts new in Constant Contact create CRM records.");

    // ---- Engine state, mapping, flows
    public static final ConfigKey STATE_JDBC_URL = string("sync.state.jdbc.url", "jdbc:h2:file:./data/state",
            "JDBC URL of the engine's state store.");
    public static final ConfigKey STATE_JDBC_USER = string("sync.state.jdbc.user", null, "State store user.");
    public static final ConfigKey STATE_JDBC_PASSWORD = secret("sync.state.jdbc.password", "STATE_JDBC_PASSWORD",
            "State store password.");
    public static final ConfigKey LEASE_TTL = positiveDuration("sync.lease.ttl", "2m",
            "How long a flow's lease outlives its holder's last heartbeat (renewed every third of it).");
    public static final ConfigKey MAPPING_FILE = path("sync.mapping.file", "mappings/contacts.yaml",
            "The field mapping YAML.");
    public static final ConfigKey FLOW_PAGE_SIZE = integer("sync.flow.page-size", 500, 1, 50_000,
            "Records per page; each page is committed in one transaction.");
    public static final ConfigKey FLOW_PUSH_BATCH = integer("sync.flow.push-batch", 10_000, 1, 40_000,
            "Each flow gathers pages into one batch of up to this many records: crm-to-ctct's imports fill toward"
                    + " Constant Contact's limits and each batch is committed in one transaction; the blast-radius guard"
                    + " judges a whole batch before its first write (both flows).");
    public static final ConfigKey FLOW_OVERLAP = nonNegativeDuration("sync.flow.overlap", "2m",
            "How far before its checkpoint each flow re-reads.");
    public static final ConfigKey REDRIVE_MAX_ATTEMPTS = integer("sync.redrive.max-attempts", 8, 1, 1000,
            "How often a record parked for a transient reason is tried; then it stays parked.");
    public static final ConfigKey REDRIVE_BACKOFF_INITIAL = nonNegativeDuration("sync.redrive.backoff-initial", "1m",
            "Wait before a transiently parked record is tried again the first time (then doubling).");
    public static final ConfigKey REDRIVE_BACKOFF_MAX = nonNegativeDuration("sync.redrive.backoff-max", "6h",
            "Longest wait between two tries of a transiently parked record.");
    public static final ConfigKey JOURNAL_RETENTION_DAYS = integer("sync.journal.retention-days", 365, 0, 36_500,
            "Days the journal of every write (contact-sync explain) is kept; 0 keeps it forever.");

    // ---- Blast-radius guard (docs/safety.md)
    public static final ConfigKey GUARD_ENABLED = bool("sync.guard.enabled", true,
            "Hold a cycle, writing nothing, when it would unsubscribe, delete, remove from a list or blank a field"
                    + " on more contacts than the limits below allow; approve or reject it then.");
    public static final ConfigKey GUARD_MIN_COUNT = integer("sync.guard.min-count", 10, 0, 1_000_000_000,
            "Never hold for this many contacts or fewer of one kind (per field, per list).");
    public static final ConfigKey GUARD_UNSUBSCRIBE_PERCENT = guardPercent("unsubscribe", "unsubscribes");
    public static final ConfigKey GUARD_UNSUBSCRIBE_COUNT = guardCount("unsubscribe", "unsubscribes");
    public static final ConfigKey GUARD_DELETE_PERCENT = guardPercent("delete", "deletes");
    public static final ConfigKey GUARD_DELETE_COUNT = guardCount("delete", "deletes");
    public static final ConfigKey GUARD_LIST_REMOVAL_PERCENT = guardPercent("list-removal", "removals from one list");
    public static final ConfigKey GUARD_LIST_REMOVAL_COUNT = guardCount("list-removal", "removals from one list");
    public static final ConfigKey GUARD_BLANK_PERCENT = guardPercent("blank", "blankings of one field");
    public static final ConfigKey GUARD_BLANK_COUNT = guardCount("blank", "blankings of one field");

    // ---- Service
    public static final ConfigKey SCHEDULE_CRM_TO_CTCT = cron("sync.schedule.crm-to-ctct", "0 */5 * * * ?",
            "Quartz cron of CRM -> Constant Contact; blank or off turns it off.");
    public static final ConfigKey SCHEDULE_CTCT_TO_CRM = cron("sync.schedule.ctct-to-crm", "30 */5 * * * ?",
            "Quartz cron of Constant Contact -> CRM; blank or off turns it off.");
    public static final ConfigKey ADMIN_HOST = string("sync.admin.host", "127.0.0.1",
            "Interface of the admin HTTP endpoints; keep it on loopback.");
    public static final ConfigKey ADMIN_PORT = integer("sync.admin.port", 8080, 1, 65535,
            "Port of the admin HTTP endpoints.");
    public static final ConfigKey ADMIN_TOKEN = secret("sync.admin.token", "SYNC_ADMIN_TOKEN",
            "Bearer token of the admin HTTP endpoints; off without it.");

    // ---- Health and metrics (docs/observe.md)
    public static final ConfigKey OBSERVE_CTCT_PROBE_INTERVAL = positiveDuration("sync.observe.ctct-probe-interval", "5m",
            "Readiness sends one light Constant Contact request only after this long without any.");
    public static final ConfigKey OBSERVE_STALE_AFTER_RUNS = integer("sync.observe.stale-after-runs", 3, 1, 1000,
            "A scheduled flow without a successful cycle for this many schedule intervals is not ready.");
    public static final ConfigKey OBSERVE_METRICS_PUBLIC = bool("sync.observe.metrics-public", false,
            "Serve /observe/metrics without the admin token.");

    private static final Map<String, ConfigKey> KEYS = index(List.of(
            CTCT_API_URL, CTCT_TOKEN_URL, CTCT_AUTHORIZE_URL, CTCT_CLIENT_ID, CTCT_CLIENT_SECRET, CTCT_REFRESH_TOKEN,
            CTCT_REQUESTS_PER_SECOND, CTCT_DAILY_QUOTA, CTCT_MAX_RETRIES, CTCT_BACKOFF_INITIAL, CTCT_BACKOFF_MAX,
            CTCT_ACTIVITY_POLL_INITIAL, CTCT_ACTIVITY_POLL_MAX, CTCT_ACTIVITY_TIMEOUT, CTCT_IMPORT_MAX_BYTES,
            CTCT_IMPORT_MAX_ROWS, CTCT_PAGE_SIZE, CTCT_EXPORT_MAX_ROWS, CTCT_TOKEN_REFRESH_MARGIN, CTCT_DELETE_POLICY,
            CRM_JDBC_URL, CRM_JDBC_USER, CRM_JDBC_PASSWORD, CRM_JDBC_TABLE, CRM_JDBC_ID_COLUMN,
            CRM_JDBC_UPDATED_AT_COLUMN, CRM_JDBC_DELETED_COLUMN, CRM_JDBC_EMAIL_COLUMN, CRM_JDBC_COLUMNS,
            CRM_JDBC_CHANGES_SQL, CRM_JDBC_FETCH_SIZE, CRM_DELETE_POLICY, CRM_CREATE_CONTACTS,
            STATE_JDBC_URL, STATE_JDBC_USER, STATE_JDBC_PASSWORD, LEASE_TTL, MAPPING_FILE, FLOW_PAGE_SIZE, FLOW_PUSH_BATCH, FLOW_OVERLAP,
            REDRIVE_MAX_ATTEMPTS, REDRIVE_BACKOFF_INITIAL, REDRIVE_BACKOFF_MAX, JOURNAL_RETENTION_DAYS,
            GUARD_ENABLED, GUARD_MIN_COUNT, GUARD_UNSUBSCRIBE_PERCENT, GUARD_UNSUBSCRIBE_COUNT, GUARD_DELETE_PERCENT,
            GUARD_DELETE_COUNT, GUARD_LIST_REMOVAL_PERCENT, GUARD_LIST_REMOVAL_COUNT, GUARD_BLANK_PERCENT, GUARD_BLANK_COUNT,
            SCHEDULE_CRM_TO_CTCT, SCHEDULE_CTCT_TO_CRM, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN,
            OBSERVE_CTCT_PROBE_INTERVAL, OBSERVE_STALE_AFTER_RUNS, OBSERVE_METRICS_PUBLIC));

    private ConfigCatalogue() {
    }

    private static ConfigKey guardPercent(String kind, String what) {
        return integer("sync.guard." + kind + ".max-percent", 5, 0, 100,
                "Hold a cycle whose " + what + " exceed this share of the linked contacts (at most max-count).");
    }

    private static ConfigKey guardCount(String kind, String what) {
        return integer("sync.guard." + kind + ".max-count", 500, 0, 1_000_000_000,
                "Hold a cycle whose " + what + " exceed this many contacts, whatever the share.");
    }

    private static Map<String, ConfigKey> index(List<ConfigKey> keys) {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : keys) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalStateException("key declared twice: " + k.name());
            }
        }
        return m;
    }

    /** Every key, in declaration order. */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS.values());
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** Whether {@code name} holds a secret (its value is never shown). */
    public static boolean isSecret(String name) {
        ConfigKey k = KEYS.get(name);
        return k != null && k.isSecret();
    }

    /**
     * The problem of a {@code sync.*} key the catalogue does not declare: {@code unknown key sync.flow.overlab: did
     * you mean sync.flow.overlap?}, or empty for a declared key and for keys outside {@code sync.*}.
     */
    public static Optional<String> unknownKeyProblem(String name) {
        if (!name.startsWith(PREFIX) || KEYS.containsKey(name)) {
            return Optional.empty();
        }
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String known : KEYS.keySet()) {
            int d = distance(name, known);
            if (d < best) {
                best = d;
                closest = known;
            }
        }
        // A suggestion far from what was written helps nobody; point at the documented list instead.
        boolean close = best <= Math.max(3, name.length() / 4);
        return Optional.of("unknown key " + name + ": " + (close ? "did you mean " + closest + "?"
                : "no such key (config/application.properties lists every key)"));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
