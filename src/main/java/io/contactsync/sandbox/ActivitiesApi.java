package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * Handlers of the bulk activity endpoints: the five POSTs that create activities (201, state {@code initialized}),
 * {@code GET /activities/{id}}, {@code GET /activities} and {@code GET /contact_exports/{id}}. The work itself is
 * done later by {@link ActivityWorker}. The 1,000-queued-activities cap answers 429 on the POSTs and on the export
 * download, as documented.
 */
final class ActivitiesApi {
    static final int MAX_IMPORT_ROWS = 40_000;

    private final Account account;
    private final SandboxClock clock;
    private final ActivityWorker worker;
    private final SandboxConfig config;
    private final SandboxStats stats;

    ActivitiesApi(Account account, SandboxClock clock, ActivityWorker worker, SandboxConfig config, SandboxStats stats) {
        this.account = account;
        this.clock = clock;
        this.worker = worker;
        this.config = config;
        this.stats = stats;
    }

    void register(Router router) {
        for (String kind : List.of(Activity.IMPORT, Activity.EXPORT, Activity.DELETE, Activity.ADD_LISTS, Activity.REMOVE_LISTS)) {
            router.add("POST", "/v3/activities/" + kind, call -> create(kind, call));
        }
        router.add("GET", "/v3/activities/{activity_id}", this::get)
                .add("GET", "/v3/activities", this::list)
                .add("GET", "/v3/contact_exports/{file_export_id}", this::download);
    }

    private SandboxResponse create(String kind, Router.Call call) {
        JsonNode body = call.body();
        checkBody(kind, body);
        synchronized (account) {
            if (queueFull()) {
                return queueFullResponse();
            }
            Instant now = clock.now();
            Activity a = new Activity();
            a.seq = account.nextSeq();
            a.activityId = Account.newId();
            a.kind = kind;
            a.state = "initialized";
            a.createdAt = now;
            a.updatedAt = now;
            a.request = body;
            account.activities.put(a.activityId, a);
            account.touch(Account.ACTIVITY, a.activityId);
            worker.schedule(a.activityId);
            if (Activity.IMPORT.equals(kind)) {
                stats.importCall(body.path("import_data").size(), call.request().body().length);
            }
            return SandboxResponse.json(201, ActivityView.render(a));
        }
    }

    /** Rules the spec states in prose only (mutually exclusive sources, row limits). */
    private void checkBody(String kind, JsonNode body) {
        switch (kind) {
            case Activity.IMPORT -> {
                if (body.path("import_data").size() > MAX_IMPORT_ROWS) {
                    throw ApiError.badRequest("import_data holds more than 40,000 contacts");
                }
                if (body.path("import_data").isEmpty()) {
                    throw ApiError.badRequest("import_data is empty");
                }
            }
            case Activity.DELETE -> {
                if (body.has("contact_ids") == body.has("list_ids")) {
                    throw ApiError.badRequest("give exactly one of contact_ids or list_ids");
                }
            }
            case Activity.ADD_LISTS, Activity.REMOVE_LISTS -> {
                JsonNode source = body.path("source");
                long sources = List.of("list_ids", "contact_ids", "all_active_contacts", "tag_ids", "segment_id",
                        "engagement_level").stream().filter(source::has).count();
                if (sources != 1 || body.path("list_ids").isEmpty()) {
                    throw ApiError.badRequest("give exactly one source and at least one target list_id");
                }
                if (source.has("segment_id") || source.has("engagement_level")) {
                    throw ApiError.badRequest("the sandbox has no segments or engagement levels");
                }
            }
            default -> {
                if (body.has("segment_id")) {
                    throw ApiError.badRequest("the sandbox has no segments");
                }
                ExportCsv.checkFields(textList(body.path("fields")));
            }
        }
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    boolean queueFull() {
        return config.rateLimited() && account.queuedActivities() >= config.maxQueuedActivities();
    }

    SandboxResponse queueFullResponse() {
        stats.rateLimited("queue_full");
        return SandboxResponse.json(429, SandboxJson.object().put("error_key", "queue_full")
                .put("error_message", "Too many requests. You exceeded " + config.maxQueuedActivities()
                        + " queued activities for this user account."));
    }

    private SandboxResponse get(Router.Call call) {
        synchronized (account) {
            Activity a = account.activities.get(call.var("activity_id"));
            if (a == null) {
                throw ApiError.notFound("activity " + call.var("activity_id"));
            }
            return SandboxResponse.json(200, ActivityView.render(a));
        }
    }

    /** Newest first; {@code state} filters, {@code limit} caps (paging by cursor like the other collections). */
    private SandboxResponse list(Router.Call call) {
        String state = call.request().param("state").orElse(null);
        synchronized (account) {
            List<Activity> all = account.activities.values().stream()
                    .filter(a -> state == null || state.equals(a.state))
                    .sorted((x, y) -> Long.compare(y.seq, x.seq)).toList();
            ObjectNode out = SandboxJson.object();
            ArrayNode items = out.putArray("activities");
            CatalogPage.page(call.request(), "/v3/activities", all, 50, out, a -> items.add(ActivityView.render(a)));
            return SandboxResponse.json(200, out);
        }
    }

    private SandboxResponse download(Router.Call call) {
        synchronized (account) {
            if (queueFull()) {
                return queueFullResponse();
            }
            String name = account.exports.get(call.var("file_export_id"));
            if (name == null) {
                throw ApiError.notFound("export file " + call.var("file_export_id"));
            }
            return SandboxResponse.file(200, "text/csv", account.exportFiles.file(name));
        }
    }

}
