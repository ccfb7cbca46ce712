package io.contactsync.admin;

import java.time.Clock;

import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter admin endpoints ({@code routes/admin.camel.yaml} names these methods between
 * {@code adminApi.request} and {@code adminApi.respond}): {@code GET /admin/deadletters?flow=&page=&page_size=&discarded=},
 * {@code GET /admin/deadletters/{id}?payload=true}, {@code POST /admin/deadletters/{id}/retry} and
 * {@code POST /admin/deadletters/{id}/discard}. The admin token first (401), then the method (405), then the id (404)
 * and the fields (400); errors are {@code {"error": "..."}}. Thread-safe.
 */
public final class DeadLetterApi {

    static final String PREFIX = "/admin/deadletters/";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterApi.class);

    private final AdminAuth auth;
    private final DeadLetterActions actions;

    /** @param token the configured admin token; null or blank refuses every call */
    public DeadLetterApi(String token, StateStore state, Clock clock) {
        this.auth = new AdminAuth(token);
        this.actions = new DeadLetterActions(state, clock);
    }

    /** {@code GET /admin/deadletters}: a page, newest parked first, without payloads. */
    public AdminReply list(AdminRequest request) {
        return answer(request, "GET", () -> {
            int page = number(request, "page", 1);
            int size = number(request, "page_size", DeadLetterActions.DEFAULT_PAGE_SIZE);
            boolean discarded = "true".equalsIgnoreCase(request.param("discarded"));
            return AdminReply.ok(DeadLetterActions.json(actions.list(request.param("flow"), discarded, page, size)));
        });
    }

    /** {@code GET /admin/deadletters/{id}}; {@code ?payload=true} adds what was kept of the record (personal data). */
    public AdminReply show(AdminRequest request) {
        return answer(request, "GET", () -> AdminReply.ok(DeadLetterActions.json(
                actions.show(id(request, ""), "true".equalsIgnoreCase(request.param("payload"))))));
    }

    /** {@code POST /admin/deadletters/{id}/retry}. */
    public AdminReply retry(AdminRequest request) {
        return answer(request, "POST", () -> AdminReply.ok(DeadLetterActions.json(actions.retry(id(request, "/retry")))));
    }

    /** {@code POST /admin/deadletters/{id}/discard}. */
    public AdminReply discard(AdminRequest request) {
        return answer(request, "POST", () -> AdminReply.ok(DeadLetterActions.json(actions.discard(id(request, "/discard")))));
    }

    private interface Action {
        AdminReply run();
    }

    private AdminReply answer(AdminRequest request, String method, Action action) {
        AdminReply refused = auth.admit(request, method);
        if (refused != null) {
            return refused;
        }
        try {
            return action.run();
        } catch (DeadLetterActions.NotFound e) {
            return AdminReply.error(404, e.getMessage());
        } catch (DeadLetterActions.Busy e) {
            return AdminReply.error(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            return AdminReply.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Admin dead-letter request failed: {}", e.getMessage());
            return AdminReply.error(500, "dead letters: " + e.getMessage());
        }
    }

    /** The id in {@code /admin/deadletters/{id}<suffix>}. */
    private static long id(AdminRequest request, String suffix) {
        String rest = request.pathAfter(PREFIX);
        String id = rest == null ? null : rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : null;
        try {
            return Long.parseLong(id == null ? "" : id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id: '" + id + "' is not a dead letter id (a whole number)");
        }
    }

    private static int number(AdminRequest request, String name, int defaultValue) {
        String v = request.param(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a whole number");
        }
    }
}
