package io.contactsync.admin;

import io.contactsync.state.StateStore;
import io.contactsync.sync.ContactHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/explain?key=<crm-id | e-mail | contact-id>&limit=N} ({@code routes/admin.camel.yaml} names
 * {@link #explain} between {@code adminApi.request} and {@code adminApi.respond}): a contact's journal as
 * {@link ExplainReport#json}. The admin token first (401), then the method (405), then the fields (400); a key nothing
 * knows is 404. The answer holds personal data for the caller; nothing of it is logged. Thread-safe.
 */
public final class ExplainApi {

    private static final Logger LOG = LoggerFactory.getLogger(ExplainApi.class);

    private final AdminAuth auth;
    private final StateStore state;

    /** @param token the configured admin token; null or blank refuses every call */
    public ExplainApi(String token, StateStore state) {
        this.auth = new AdminAuth(token);
        this.state = state;
    }

    public AdminReply explain(AdminRequest request) {
        AdminReply refused = auth.admit(request, "GET");
        if (refused != null) {
            return refused;
        }
        try {
            String key = request.param("key");
            if (key == null || key.isBlank()) {
                return AdminReply.error(400, "key: give ?key= a CRM id, an e-mail or a Constant Contact contact id");
            }
            int limit = limit(request.param("limit"));
            return AdminReply.ok(ExplainReport.json(ExplainReport.find(state, key, limit)));
        } catch (ExplainReport.NotFound e) {
            return AdminReply.error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return AdminReply.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Admin explain failed: {}", e.getClass().getSimpleName());
            return AdminReply.error(500, "explain: the state store could not be read");
        }
    }

    static int limit(String v) {
        if (v == null || v.isBlank()) {
            return ContactHistory.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit: '" + v + "' is not a whole number");
        }
    }
}
