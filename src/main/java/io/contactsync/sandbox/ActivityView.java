package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.contactsync.sandbox.SandboxJson.putIfNotNull;
import static io.contactsync.sandbox.SandboxJson.time;

/**
 * Renders an {@link Activity} in the spec's Activity* shapes. Exports link their file as
 * {@code /v3/contact_exports/{id}} — the real path, not the spec example's {@code contacts_exports}.
 */
final class ActivityView {
    private ActivityView() {
    }

    static ObjectNode render(Activity a) {
        ObjectNode out = SandboxJson.object();
        out.put("activity_id", a.activityId);
        out.put("state", a.state);
        putIfNotNull(out, "created_at", time(a.createdAt));
        putIfNotNull(out, "started_at", time(a.startedAt));
        putIfNotNull(out, "completed_at", time(a.completedAt));
        putIfNotNull(out, "updated_at", time(a.updatedAt));
        out.put("percent_done", a.percentDone);
        ArrayNode errors = out.putArray("activity_errors");
        a.errors.forEach(errors::add);
        ObjectNode status = out.putObject("status");
        a.status.forEach(status::put);
        ObjectNode links = out.putObject("_links");
        links.putObject("self").put("href", "/v3/activities/" + a.activityId);
        if (Activity.EXPORT.equals(a.kind) && "completed".equals(a.state)) {
            links.putObject("results").put("href", "/v3/contact_exports/" + a.activityId);
        }
        return out;
    }
}
