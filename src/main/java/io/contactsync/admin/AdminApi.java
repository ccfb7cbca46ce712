package io.contactsync.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowBusyException;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.SyncSummary;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints ({@code routes/admin.camel.yaml} only names these methods): run now, resync, status.
 * Every call needs the admin token ({@link AdminAuth}), checked before the method (401 before 405).
 * Runs go through the {@link FlowRunner}, like scheduled ones, so a busy flow answers 409. Thread-safe.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** {@code POST /admin/sync}: {@code direction} from the JSON body, else the query, else {@code both}. */
    public AdminReply sync(AdminRequest request) {
        AdminReply refused = admit(request, "POST");
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode json = object(request.body());
            String direction = json.hasNonNull("direction") ? json.get("direction").asText() : request.direction();
            return run(flows(direction), null);
        } catch (BadRequest e) {
            return AdminReply.error(400, e.getMessage());
        }
    }

    /** {@code POST /admin/resync}: body {@code {"direction", "mode": "full"|"since", "since"}}; resets, then runs. */
    public AdminReply resync(AdminRequest request) {
        AdminReply refused = admit(request, "POST");
        if (refused != null) {
            return refused;
        }
        try {
            JsonNode json = object(request.body());
            List<Flow> flows = flows(json.path("direction").asText(null));
            return run(flows, mode(json));
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
        exchange.getMessage().setBody(reply.json());
    }

    private AdminReply run(List<Flow> flows, ResyncMode resync) {
        for (Flow f : flows) {
            FlowBusyException busy = runner.busy(f).orElse(null);
            if (busy != null) {
                return busy(busy);
            }
        }
        List<SyncSummary> done = new ArrayList<>();
        for (Flow f : flows) {
            try {
                done.add(resync == null ? runner.run(f) : runner.run(f, () -> reset(f, resync)));
            } catch (FlowBusyException e) {
                // Another trigger took the flow between the check above and now: report what did run.
                AdminReply busy = busy(e);
                if (!done.isEmpty()) {
                    ((ObjectNode) busy.body()).set("completed", summaries(done));
                }
                return busy;
            } catch (RuntimeException e) {
                LOG.warn("Admin-triggered {} cycle could not run: {}", f.id(), e.getMessage());
                return AdminReply.error(500, f.id() + ": " + e.getMessage());
            }
        }
        return AdminReply.ok(summaries(done));
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

    /** The same JSON object {@code sync --json} prints. */
    private static JsonNode summaries(List<SyncSummary> summaries) {
        StringWriter text = new StringWriter();
        try {
            SummaryPrinter.json(new PrintWriter(text), summaries);
            return JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }

    /** A request the caller must fix; the message names the field. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
