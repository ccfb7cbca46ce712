package io.contactsync.admin.page;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.admin.AdminAuth;
import io.contactsync.admin.AdminRequest;
import io.contactsync.admin.DeadLetterActions;
import io.contactsync.admin.ExplainReport;
import io.contactsync.admin.Flows;
import io.contactsync.admin.HeldRuns;
import io.contactsync.admin.ResyncMode;
import io.contactsync.admin.StatusReport;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.DeadLetterPage;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.StateStore;
import io.contactsync.sync.ContactHistory;
import io.contactsync.sync.Flow;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTML status page on the admin server ({@code routes/status-page.camel.yaml} names these methods between
 * {@code adminApi.request} and {@link #respond}), behind the admin token: {@code GET /status} shows a login form
 * without a session, {@code POST /status/login} checks the token and sets a session cookie (a random id, never the
 * token), and every POST action carries the session's CSRF token (403 without it) and answers 303 back to the page
 * with a flash message. {@code GET /status} with {@code Authorization: Bearer} shows the page read-only. The token is
 * never logged. See docs/status-page.md. Thread-safe.
 */
public final class StatusPage {

    static final String PATH = "/status";
    /** The exchange property {@link #formFields} keeps a POST's form fields in. */
    public static final String FORM = "contactsync.statusPage.form";
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);

    private final AdminAuth auth;
    private final StateStore state;
    private final Function<Flow, Boolean> running;
    private final StatusReport.Budget budget;
    private final Map<String, String> schedules;
    private final PageTriggers triggers;
    private final Clock clock;
    private final DeadLetterActions deadLetters;
    private final HeldRuns heldRuns;
    private final PageSessions sessions = new PageSessions();
    private final PageView view = new PageView();

    /**
     * @param schedules each flow id's cron (blank or "off": none)
     * @param budget    whose daily request budget to show, or null
     */
    public StatusPage(String token, StateStore state, Function<Flow, Boolean> running, StatusReport.Budget budget,
                      Map<String, String> schedules, PageTriggers triggers, Clock clock) {
        this.auth = new AdminAuth(token);
        this.state = state;
        this.running = running;
        this.budget = budget;
        this.schedules = Map.copyOf(schedules);
        this.triggers = triggers;
        this.clock = clock;
        this.deadLetters = new DeadLetterActions(state, clock);
        this.heldRuns = new HeldRuns(state, clock);
    }

    /** An HTML answer: status, body and the response headers to set. */
    public record PageReply(int status, String html, Map<String, String> headers) {
        static PageReply html(int status, String html) {
            return new PageReply(status, html, Map.of());
        }

        static PageReply seeOther(String location, String setCookieOrNull) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Location", location);
            if (setCookieOrNull != null) {
                h.put("Set-Cookie", setCookieOrNull);
            }
            return new PageReply(303, "", h);
        }
    }

    /** {@code GET /status}: the page with a session (or a Bearer header), else the login form. */
    public PageReply page(AdminRequest request) {
        if (!"GET".equals(request.method())) {
            return notAllowed(request, "GET");
        }
        if (request.pathAfter(PATH) != null && !"/".equals(request.pathAfter(PATH))) {
            return PageReply.html(404, view.message("Not found", "No status page at " + request.path() + "."));
        }
        Instant now = clock.instant();
        Optional<PageSessions.Session> session = sessions.find(request.cookie(), now);
        if (session.isEmpty() && !auth.authorized(request.authorization())) {
            return PageReply.html(200, view.login(null));
        }
        try {
            int dlPage = Math.max(1, parsePage(request.param("dl_page")));
            ObjectNode report = StatusReport.build(state, running, budget, now);
            DeadLetterPage dl = deadLetters.list(null, false, dlPage, DeadLetterActions.DEFAULT_PAGE_SIZE);
            boolean going = triggers.inProgress() || Flows.order().stream().anyMatch(running::apply);
            String csrf = session.map(s -> s.csrf).orElse(null);
            String flash = session.map(PageSessions.Session::takeFlash).orElse(null);
            return PageReply.html(200, view.page(PageModel.of(report, dl, schedules, now, csrf, flash, going)));
        } catch (RuntimeException e) {
            LOG.warn("Status page could not be read: {}", e.getMessage());
            return PageReply.html(500, view.message("Status unavailable", "The state store could not be read: "
                    + e.getMessage()));
        }
    }

    /**
     * {@code GET /status/explain?key=}: a contact's journal in sentences (the page's search box), with a session or a
     * Bearer header like the page; 404 with the reason when nothing knows the key. Every value is HTML-escaped.
     */
    public PageReply explain(AdminRequest request) {
        if (!"GET".equals(request.method())) {
            return notAllowed(request, "GET");
        }
        if (sessions.find(request.cookie(), clock.instant()).isEmpty() && !auth.authorized(request.authorization())) {
            return PageReply.html(200, view.login(null));
        }
        String key = request.param("key") == null ? "" : request.param("key").trim();
        try {
            if (key.isEmpty()) {
                return PageReply.html(400, view.explain(Map.of("key", "", "error", "Give a CRM id, an e-mail or a Constant Contact contact id.")));
            }
            return PageReply.html(200, view.explain(ExplainModel.of(ExplainReport.find(state, key, ContactHistory.DEFAULT_LIMIT))));
        } catch (ExplainReport.NotFound | IllegalArgumentException e) {
            return PageReply.html(404, view.explain(Map.of("key", key, "error", e.getMessage())));
        } catch (RuntimeException e) {
            LOG.warn("Status page explain could not read the journal: {}", e.getClass().getSimpleName());
            return PageReply.html(500, view.message("Journal unavailable", "The state store could not be read."));
        }
    }

    /** {@code POST /status/login}: form field {@code token}; a session cookie and 303 to the page, or the form again. */
    public PageReply login(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        if (!"POST".equals(request.method())) {
            return "GET".equals(request.method()) ? PageReply.seeOther(PATH, null) : notAllowed(request, "POST");
        }
        String token = form == null ? null : form.get("token");
        if (!auth.matches(token)) {
            LOG.info("Status page login refused (wrong token)");
            return PageReply.html(401, view.login("That is not the admin token."));
        }
        PageSessions.Session s = sessions.create(clock.instant());
        LOG.info("Status page login");
        return PageReply.seeOther(PATH, PageSessions.setCookie(s));
    }

    /** {@code POST /status/logout}. */
    public PageReply logout(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> {
            sessions.remove(s);
            return PageReply.seeOther(PATH, PageSessions.clearCookie());
        });
    }

    /** {@code POST /status/sync}: form field {@code direction} (both, crm-to-ctct, ctct-to-crm). */
    public PageReply sync(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, trigger(fields.get("direction"), null)));
    }

    /** {@code POST /status/resync}: a full resync (the checkpoint removed first) of {@code direction}. */
    public PageReply resync(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, trigger(fields.get("direction"), ResyncMode.full())));
    }

    /** {@code POST /status/plan}: a dry run of {@code direction}, its counts and the guard's verdict as the flash. */
    public PageReply plan(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, dryRun(fields.get("direction"))));
    }

    private String dryRun(String direction) {
        try {
            return triggers.plan(Flows.parse(direction));
        } catch (RuntimeException e) {
            return "Dry run failed: " + e.getMessage();
        }
    }

    /** {@code POST /status/runs/{id}/approve}: the blast-radius guard's held plan goes through on the next cycle. */
    public PageReply approve(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, decide(request, "/approve", true)));
    }

    /** {@code POST /status/runs/{id}/reject}: the held plan's records are parked on the next cycle. */
    public PageReply reject(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, decide(request, "/reject", false)));
    }

    /** {@code POST /status/deadletters/{id}/retry}. */
    public PageReply retry(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, deadLetter(request, "/retry", true)));
    }

    /** {@code POST /status/deadletters/{id}/discard}. */
    public PageReply discard(AdminRequest request, @ExchangeProperty(FORM) Map<String, String> form) {
        return act(request, form, (s, fields) -> back(s, deadLetter(request, "/discard", false)));
    }

    /** Writes a page reply as the HTTP response; drops every request header so none is echoed back. */
    public void respond(Exchange exchange) {
        PageReply reply = exchange.getMessage().getBody(PageReply.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setHeader("X-Frame-Options", "DENY");
        exchange.getMessage().setHeader("Referrer-Policy", "no-referrer");
        exchange.getMessage().setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        reply.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(reply.html());
    }

    private interface Action {
        PageReply run(PageSessions.Session session, Map<String, String> form);
    }

    /** POST only; without a session back to the login form; a wrong or missing CSRF token is 403. */
    private PageReply act(AdminRequest request, Map<String, String> fields, Action action) {
        if (!"POST".equals(request.method())) {
            return notAllowed(request, "POST");
        }
        Optional<PageSessions.Session> session = sessions.find(request.cookie(), clock.instant());
        if (session.isEmpty()) {
            return PageReply.seeOther(PATH, null);
        }
        Map<String, String> form = fields == null ? Map.of() : fields;
        String csrf = form.get("csrf");
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                session.get().csrf.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("Status page {} refused: missing or wrong CSRF token", request.path());
            return PageReply.html(403, view.message("Refused", "This form is stale or did not come from the status"
                    + " page (CSRF token missing or wrong). Open the page again and retry."));
        }
        return action.run(session.get(), form);
    }

    private static PageReply back(PageSessions.Session s, String flash) {
        s.flash(flash);
        return PageReply.seeOther(PATH, null);
    }

    private String trigger(String direction, ResyncMode resync) {
        List<Flow> flows;
        try {
            flows = Flows.parse(direction);
        } catch (IllegalArgumentException e) {
            return "Not started: " + e.getMessage();
        }
        PageTriggers.Result r = triggers.start(flows, resync);
        return r.message()
                + (r.runIds().isEmpty() ? "" : " (run " + String.join(", ", r.runIds().stream().map(String::valueOf).toList()) + ")");
    }

    private String decide(AdminRequest request, String suffix, boolean approve) {
        String rest = request.pathAfter(PATH + "/runs/");
        String id = rest != null && rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : "";
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return "No run '" + id + "'.";
        }
        try {
            HeldPlan p = approve ? heldRuns.approve(n, "page") : heldRuns.reject(n, "page");
            return "Run " + n + " (" + p.flow() + ") " + p.status().id() + ": " + HeldRuns.next(p) + ".";
        } catch (HeldRuns.NotDecidable e) {
            return e.getMessage();
        }
    }

    private String deadLetter(AdminRequest request, String suffix, boolean retry) {
        String rest = request.pathAfter(PATH + "/deadletters/");
        String id = rest != null && rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : "";
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return "No dead letter '" + id + "'.";
        }
        try {
            DeadLetterActions.Outcome o = retry ? deadLetters.retry(n) : deadLetters.discard(n);
            DeadLetterEntry e = o.changed().get(0);
            return (retry ? "Retrying" : "Discarded") + " dead letter " + n + " (" + e.letter().flow() + " "
                    + e.letter().recordKey() + "): " + String.join("; ", o.notes());
        } catch (DeadLetterActions.NotFound | DeadLetterActions.Busy e) {
            return e.getMessage();
        }
    }

    private PageReply notAllowed(AdminRequest request, String allowed) {
        PageReply r = PageReply.html(405, view.message("Not allowed", request.method() + " is not allowed here; use "
                + allowed + "."));
        return new PageReply(405, r.html(), Map.of("Allow", allowed));
    }

    private static int parsePage(String s) {
        try {
            return s == null ? 1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * First step of every POST route: keeps the form's fields aside (property {@value #FORM}) and empties the body.
     * platform-http turns an {@code application/x-www-form-urlencoded} body into a Map of its fields (the body only,
     * never the query string); any other body is read as urlencoded text.
     */
    public void formFields(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Map<String, String> fields = new HashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Object first = v instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : v;
                if (k != null && first != null) {
                    fields.put(k.toString(), first.toString());
                }
            });
        } else if (body != null) {
            fields.putAll(form(exchange.getMessage().getBody(String.class)));
        }
        exchange.setProperty(FORM, fields);
        exchange.getMessage().setBody(null);
    }

    /** An {@code application/x-www-form-urlencoded} text's fields (the first of each). */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isBlank()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape: that field is ignored (a missing token or CSRF is refused anyway).
            }
        }
        return fields;
    }
}
