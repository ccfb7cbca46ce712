package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored bulk activity. {@code kind} is the path segment that created it (for example
 * {@code contacts_json_import}); {@code request} is the accepted body, kept until the worker has applied it.
 * Guarded by the {@link Account} lock.
 */
final class Activity {
    static final String IMPORT = "contacts_json_import";
    static final String EXPORT = "contact_exports";
    static final String DELETE = "contact_delete";
    static final String ADD_LISTS = "add_list_memberships";
    static final String REMOVE_LISTS = "remove_list_memberships";

    public long seq;
    public String activityId;
    public String kind;
    public String state;
    public Instant createdAt;
    public Instant startedAt;
    public Instant completedAt;
    public Instant updatedAt;
    public int percentDone;
    public List<String> errors = new ArrayList<>();
    public Map<String, Integer> status = new LinkedHashMap<>();
    public JsonNode request;
    /** A fault-injected final state ({@code failed} or {@code timed_out}), or null for a normal run. */
    public String forcedOutcome;

    boolean isFinal() {
        return switch (state) {
            case "completed", "cancelled", "failed", "timed_out" -> true;
            default -> false;
        };
    }
}
