package io.contactsync.admin;

import java.time.Clock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints of runs the blast-radius guard held ({@code routes/admin.camel.yaml}; docs/safety.md):
 * {@code GET /admin/held} (plans awaiting a decision, and decisions not applied yet), {@code POST
 * /admin/runs/{id}/approve} and {@code POST /admin/runs/{id}/reject}. The admin token first (401), then the method
 * (405), then the id (400 malformed, 404 never held, 409 decided already or superseded). Thread-safe.
 */
public final class HeldRunApi {

    private static final String PREFIX = "/admin/runs/";
    private static final Logger LOG = LoggerFactory.getLogger(HeldRunApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminAuth auth;
    private final HeldRuns held;

    /** @param token the configured admin token; null or blank refuses every call */
    public HeldRunApi(String token, StateStore state, Clock clock) {
        this.auth = new AdminAuth(token);
        this.held = new HeldRuns(state, clock);
    }

    /** {@code GET /admin/held}. */
    public AdminReply list(AdminRequest request) {
        return answer(request, "GET", () -> {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode plans = root.putArray("held");
            held.open().forEach(p -> plans.add(HeldRuns.json(p)));
            return AdminReply.ok(root);
        });
    }

    /** {@code POST /admin/runs/{id}/approve}. */
    public AdminReply approve(AdminRequest request) {
        return answer(request, "POST", () -> decided(held.approve(id(request, "/approve"), "admin")));
    }

    /** {@code POST /admin/runs/{id}/reject}. */
    public AdminReply reject(AdminRequest request) {
        return answer(request, "POST", () -> decided(held.reject(id(request, "/reject"), "admin")));
    }

    private static AdminReply decided(HeldPlan p) {
        return AdminReply.ok(HeldRuns.json(p));
    }

    private AdminReply answer(AdminRequest request, String method, Supplier<AdminReply> action) {
        AdminReply refused = auth.admit(request, method);
        if (refused != null) {
            return refused;
        }
        try {
            return action.get();
        } catch (HeldRuns.NotDecidable e) {
            return AdminReply.error(e.unknown() ? 404 : 409, e.getMessage());
        } catch (IllegalArgumentException e) {
            return AdminReply.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Admin held-run request failed: {}", e.getMessage());
            return AdminReply.error(500, "held runs: " + e.getMessage());
        }
    }

    /** The id in {@code /admin/runs/{id}<suffix>}. */
    private static long id(AdminRequest request, String suffix) {
        String rest = request.pathAfter(PREFIX);
        String id = rest == null ? null : rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : null;
        try {
            return Long.parseLong(id == null ? "" : id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id: '" + id + "' is not a run id (a whole number)");
        }
    }
}
