package io.contactsync.admin;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.RunTicket;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints ({@code routes/admin.camel.yaml} only names these methods): run now, resync (both 202
 * with run ids: the runs go on in the background), one run or the recent runs with their progress, status.
 * Every call needs the admin token ({@link AdminAuth}), checked before the method (401 before 405).
 * Runs go through the {@link FlowRunner}, like scheduled ones, so a busy flow answers 409. Thread-safe.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNS_PATH = "/admin/runs/";
    private static final int MAX_RUNS = 200;
    /** The trigger admin HTTP runs record. */
    private static final String TRIGGER = "admin";

    private final AdminAuth auth;
    private final FlowRunner runner;
    private final StateStore state;
    private final Clock clock;
    private final StatusReport.Budget budget;

    /** @param token the configured admin token; null or blank refuses every call */
    public AdminApi(String token, FlowRunner runner, StateStore state, Clock clock, StatusReport.Budget budget) {
        this.budget = budget;
        this.auth = new AdminAuth(token);
        this.runner = runner;
        this.state = state;
        this.clock = clock;
    }

    /** The request's method, token and query as the HTTP request holds them; see {@link AdminRequest}. */
    public AdminRequest request(Exchange exchange) {
        return AdminRequest.of(exchange);
    }

    /**
     * {@code POST /admin/sync}: {@code direction} from the JSON body, else the query, else {@code both}. Answers 202
     * at once with the run id of each flow (queued, run one after the other in the background), 409 when a flow is
     * busy now, 400 for bad input.
     */
    public AdminReply sync(AdminRequest request) {
        AdminReply refused = admit(request, "POST");
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode json = object(request.body());
            String direction = json.hasNonNull("direction") ? json.get("direction").asText() : request.direction();
            return submit(flows(direction), null);
        } catch (BadRequest e) {
            return AdminReply.error(400, e.getMessage());
        }
    }

    /**
     * {@code POST /admin/resync}: body {@code {"direction", "mode": "full"|"since", "since"}}; 202 like sync; each
     * flow's checkpoint is reset once its run holds the flow, just before its cycle starts.
     */
    public AdminReply resync(AdminRequest request) {
        AdminReply refused = admit(request, "POST");
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode json = object(request.body());
            List<Flow> flows = flows(json.path("direction").asText(null));
            return submit(flows, mode(json));
        } catch (BadRequest e) {
            return AdminReply.error(400, e.getMessage());
        }
    }

    /** {@code GET /admin/status}. */
    public AdminReply status(AdminRequest request) {
        AdminReply refused = admit(request, "GET");
        if (refused != null) {
            return refused;
        }
        try {
            return AdminReply.ok(StatusReport.build(state, runner::isRunning, budget, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Admin status could not be read: {}", e.getMessage());
            return AdminReply.error(500, "status: " + e.getMessage());
        }
    }

    private AdminReply admit(AdminRequest request, String method) {
        return auth.admit(request, method);
    }

    /** Writes a reply as the HTTP response; drops every request header so none is echoed back. */
    public void respond(Exchange exchange) {
        AdminReply reply = exchange.getMessage().getBody(AdminReply.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (reply.allow() != null) {
            exchange.getMessage().setHeader("Allow", reply.allow());
        }
        if (reply.location() != null) {
            exchange.getMessage().setHeader("Location", reply.location());
        }
        exchange.getMessage().setBody(reply.json());
    }

    /** {@code GET /admin/runs/{id}}: one run, open or ended, with its progress; 404 unknown, 400 not a number. */
    public AdminReply run(AdminRequest request) {
        AdminReply refused = admit(request, "GET");
        if (refused != null) {
            return refused;
        }
        String id = request.pathAfter(RUNS_PATH);
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return AdminReply.error(400, "run id: must be a number, e.g. " + RUNS_PATH + "12 (was '" + id + "')");
        }
        try {
            return state.run(Long.parseLong(id)).map(r -> AdminReply.ok(RunView.of(r, clock.instant())))
                    .orElseGet(() -> AdminReply.error(404, "run " + id + ": no such run"));
        } catch (RuntimeException e) {
            LOG.warn("Admin run {} could not be read: {}", id, e.getMessage());
            return AdminReply.error(500, "run " + id + ": " + e.getMessage());
        }
    }

    /** {@code GET /admin/runs?limit=N}: the newest runs first, across flows (default 20, at most 200). */
    public AdminReply runs(AdminRequest request) {
        AdminReply refused = admit(request, "GET");
        if (refused != null) {
            return refused;
        }
        String limit = request.param("limit");
        if (limit != null && !limit.matches("[0-9]{1,3}")) {
            return AdminReply.error(400, "limit: must be a number from 1 to " + MAX_RUNS + " (was '" + limit + "')");
        }
        int n = limit == null ? StatusReport.RECENT : Integer.parseInt(limit);
        if (n < 1 || n > MAX_RUNS) {
            return AdminReply.error(400, "limit: must be a number from 1 to " + MAX_RUNS + " (was " + n + ")");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode runs = body.putArray("runs");
        state.lastRuns(n).forEach(r -> runs.add(RunView.of(r, clock.instant())));
        return AdminReply.ok(body);
    }

    private AdminReply submit(List<Flow> flows, ResyncMode resync) {
        List<RunTicket> tickets;
        try {
            tickets = runner.submit(flows, resync == null ? null : f -> reset(f, resync), TRIGGER);
        } catch (FlowBusyException e) {
            return busy(e);
        } catch (IllegalStateException e) {
            return AdminReply.error(503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Admin-triggered run of {} could not be queued: {}", flows, e.getMessage());
            return AdminReply.error(500, e.getMessage());
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode runs = body.putArray("runs");
        for (RunTicket t : tickets) {
            runs.addObject().put("run_id", t.runId()).put("flow", t.flow().id()).put("status", RunStatus.QUEUED.id())
                    .put("url", RUNS_PATH + t.runId());
        }
        return AdminReply.accepted(body, tickets.size() == 1 ? RUNS_PATH + tickets.get(0).runId() : null);
    }

    /** 409 naming who runs the flow (host/pid of this or another process sharing the state store) and since when. */
    private static AdminReply busy(FlowBusyException e) {
        AdminReply reply = AdminReply.error(409, e.getMessage());
        if (e.holder() != null) {
            ((ObjectNode) reply.body()).put("holder", e.holder());
        }
        if (e.since() != null) {
            ((ObjectNode) reply.body()).put("since", e.since().toString());
        }
        return reply;
    }

    private void reset(Flow f, ResyncMode mode) {
        LOG.info("Resync of {} requested over admin HTTP: checkpoint reset ({})", f.id(), mode.describe());
        state.resetCheckpoint(f.id(), mode.checkpoint(f, clock));
    }

    private List<Flow> flows(String direction) {
        List<Flow> flows;
        try {
            flows = Flows.parse(direction);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("direction: " + e.getMessage());
        }
        List<Flow> configured = flows.stream().filter(runner::has).toList();
        if (configured.isEmpty()) {
            throw new BadRequest("direction: flow " + flows.get(0).id() + " is not configured in this engine");
        }
        return configured;
    }

    private static ResyncMode mode(JsonNode request) {
        String mode = request.path("mode").asText("");
        return switch (mode) {
            case "full" -> {
                if (request.hasNonNull("since")) {
                    throw new BadRequest("since: only allowed with mode since");
                }
                yield ResyncMode.full();
            }
            case "since" -> {
                if (!request.hasNonNull("since")) {
                    throw new BadRequest("since: required with mode since (ISO-8601, e.g. 2024-05-01T00:00:00Z)");
                }
                try {
                    yield ResyncMode.since(ResyncMode.parseInstant(request.get("since").asText()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest("since: " + e.getMessage());
                }
            }
            default -> throw new BadRequest("mode: must be full or since");
        };
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new BadRequest("body: must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadRequest("body: not valid JSON");
        }
    }

    /** A request the caller must fix; the message names the field. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
