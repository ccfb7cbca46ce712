package io.contactsync.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel properties that decide which service routes start: the Quartz trigger of each flow that is registered
 * and has a cron ({@code routes/schedules.camel.yaml}), health and metrics on the embedded HTTP server
 * ({@code routes/observe.camel.yaml}, always: a container health check calls them), and the admin endpoints
 * ({@code routes/admin.camel.yaml}) only when an admin token is set. A one-shot engine loads none of the three and
 * starts no listener.
 */
public final class ServiceRoutes {

    static final String SCHEDULES = "file:routes/schedules.camel.yaml";
    static final String ADMIN = "file:routes/admin.camel.yaml";
    /** The HTML status page: served by the admin server, so on exactly when the admin endpoints are. */
    static final String STATUS_PAGE = "file:routes/status-page.camel.yaml";
    static final String OBSERVE = "file:routes/observe.camel.yaml";
    /** A valid cron that never fires in practice; the route of a schedule that is off does not start anyway. */
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRoutes.class);

    private ServiceRoutes() {
    }

    /** @param service true for {@code run}; false for one-shot commands (no schedules, no listener) */
    public static Map<String, String> properties(SyncSettings settings, ConfigSource source, FlowRunner runner,
                                                 boolean service) {
        Map<String, String> p = new LinkedHashMap<>();
        for (Flow f : Flows.order()) {
            String cron = cron(settings.schedule(), source, f);
            boolean on = service && runner.has(f) && !cron.isBlank();
            p.put("contactsync.schedule." + f.id() + ".enabled", Boolean.toString(on));
            p.put("contactsync.schedule." + f.id() + ".cron", on ? cron.trim() : NEVER);
            if (service) {
                LOG.info(on ? "Schedule of {}: {}" : "Schedule of {}: off{}", f.id(),
                        on ? cron.trim() : runner.has(f) ? "" : " (flow not configured)");
            }
        }
        boolean admin = service && settings.admin().enabled();
        p.put("camel.server.enabled", Boolean.toString(service));
        if (service) {
            p.put("camel.server.host", settings.admin().host());
            p.put("camel.server.port", Integer.toString(settings.admin().port()));
            p.put("camel.server.max-body-size", Long.toString(AdminHttpErrors.MAX_BODY_BYTES));
            LOG.info("Health and metrics on http://{}:{}/observe/ (docs/observe.md)", settings.admin().host(),
                    settings.admin().port());
            if (admin) {
                LOG.info("Admin HTTP endpoints on http://{}:{}/admin/", settings.admin().host(), settings.admin().port());
            } else {
                LOG.info("Admin HTTP endpoints are off: set SYNC_ADMIN_TOKEN to turn them on");
            }
        }
        List<String> excluded = service ? (admin ? List.of() : List.of(ADMIN, STATUS_PAGE))
                : List.of(SCHEDULES, ADMIN, STATUS_PAGE, OBSERVE);
        if (!excluded.isEmpty()) {
            p.put("camel.main.routes-exclude-pattern", String.join(",", excluded));
        }
        return p;
    }

    /** Each flow id's cron as {@link #properties} decided it, or {@code off}: what the status page shows. */
    public static Map<String, String> schedules(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Flow f : Flows.order()) {
            boolean on = Boolean.parseBoolean(properties.get("contactsync.schedule." + f.id() + ".enabled"));
            out.put(f.id(), on ? properties.get("contactsync.schedule." + f.id() + ".cron") : "off");
        }
        return out;
    }

    /** Blank (written as {@code key=}) or {@code off} turns a schedule off; a missing key keeps the default. */
    private static String cron(SyncSettings.ScheduleSettings s, ConfigSource source, Flow f) {
        String written = source.rawValue("sync.schedule." + f.id());
        if (written != null && (written.isBlank() || "off".equalsIgnoreCase(written.trim()))) {
            return "";
        }
        String cron = switch (f) {
            case CRM_TO_CTCT -> s.crmToCtct();
            case CTCT_TO_CRM -> s.ctctToCrm();
        };
        return cron == null ? "" : cron;
    }
}
