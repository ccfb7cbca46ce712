package io.contactsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.jdbc.JdbcCrmSettings;
import io.contactsync.sync.RedrivePolicy;
import io.contactsync.sync.SyncOptions;

/**
 * Every {@code sync.*} setting, bound once at start into immutable records. {@link #from} reports all problems in
 * one {@link ConfigurationException}; secrets are masked in every message and {@code toString}.
 */
public record SyncSettings(CtctSettings ctct, JdbcCrmSettings crm, StateSettings state, Path mappingFile,
                           SyncOptions options, ScheduleSettings schedule, AdminSettings admin) {

    /** Where the engine keeps its own state (checkpoints, links, runs, dead letters). */
    public record StateSettings(String url, String user, String password) {
        @Override
        public String toString() {
            return "StateSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
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
        CtctSettings ctct = CtctSettings.read(r);
        JdbcCrmSettings crm = crm(r);
        StateSettings state = new StateSettings(r.string("sync.state.jdbc.url", "jdbc:h2:file:./data/state"),
                r.string("sync.state.jdbc.user", null), r.secret("sync.state.jdbc.password", "STATE_JDBC_PASSWORD", false));
        Path mapping = r.path("sync.mapping.file", "mappings/contacts.yaml");
        if (mapping != null && !mapping.toFile().isFile()) {
            r.problem("sync.mapping.file", "no such file (relative paths start in " + Path.of("").toAbsolutePath() + ")");
        }
        SyncOptions options = new SyncOptions(
                r.intIn("sync.flow.page-size", 500, 1, 50_000),
                r.duration("sync.flow.overlap", Duration.ofMinutes(2)),
                r.enumValue("sync.ctct.delete-policy", SyncOptions.CtctDeletePolicy.class, SyncOptions.CtctDeletePolicy.UNSUBSCRIBE),
                r.enumValue("sync.crm.delete-policy", CrmConnector.DeletePolicy.class, CrmConnector.DeletePolicy.FLAG),
                r.bool("sync.crm.create-contacts", true),
                redrive(r));
        if (options.crmDeletePolicy() == CrmConnector.DeletePolicy.FLAG && crm != null && crm.deletedColumn() == null) {
            r.problem("sync.crm.delete-policy", "flag needs sync.crm.jdbc.deleted-column; set one or choose delete or ignore");
        }
        ScheduleSettings schedule = new ScheduleSettings(r.string("sync.schedule.crm-to-ctct", "0 */5 * * * ?"),
                r.string("sync.schedule.ctct-to-crm", "30 */5 * * * ?"));
        AdminSettings admin = new AdminSettings(r.string("sync.admin.host", "127.0.0.1"),
                r.intIn("sync.admin.port", 8080, 1, 65535), r.secret("sync.admin.token", "SYNC_ADMIN_TOKEN", false));
        r.done();
        return new SyncSettings(ctct, crm, state, mapping, options, schedule, admin);
    }

    private static JdbcCrmSettings crm(ConfigReader r) {
        String url = r.required("sync.crm.jdbc.url");
        JdbcCrmSettings s = JdbcCrmSettings.of(url, r.string("sync.crm.jdbc.user", null),
                        r.secret("sync.crm.jdbc.password", JdbcCrmSettings.PASSWORD_ENV, false))
                .withTable(r.string("sync.crm.jdbc.table", "crm_contact"))
                .withKeyColumns(r.string("sync.crm.jdbc.id-column", "id"),
                        r.string("sync.crm.jdbc.updated-at-column", "updated_at"),
                        "none".equalsIgnoreCase(r.string("sync.crm.jdbc.deleted-column", "deleted")) ? null
                                : r.string("sync.crm.jdbc.deleted-column", "deleted"))
                .withEmailColumn(r.string("sync.crm.jdbc.email-column", "email"))
                .withColumns(list(r.string("sync.crm.jdbc.columns", "")))
                .withChangesSql(r.string("sync.crm.jdbc.changes-sql", null))
                .withFetchSize(r.intIn("sync.crm.jdbc.fetch-size", 500, 1, 100_000));
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

    private static RedrivePolicy redrive(ConfigReader r) {
        int attempts = r.intIn("sync.redrive.max-attempts", 8, 1, 1000);
        Duration initial = r.duration("sync.redrive.backoff-initial", Duration.ofMinutes(1));
        Duration max = r.duration("sync.redrive.backoff-max", Duration.ofHours(6));
        if (initial == null || max == null || initial.isNegative() || max.compareTo(initial) < 0) {
            r.problem("sync.redrive.backoff-max", "must be at least sync.redrive.backoff-initial, and neither negative");
            return RedrivePolicy.DEFAULT;
        }
        return new RedrivePolicy(attempts, initial, max);
    }
}
