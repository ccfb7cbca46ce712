package io.contactsync.observe;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.admin.AdminAuth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The {@code /observe/*} endpoints on the admin server ({@code routes/observe.camel.yaml}), answered from Camel's
 * {@code HealthCheckRegistry} and the Prometheus registry camel-micrometer-prometheus uses:
 * <ul>
 *   <li>{@code GET /observe/health/live}: liveness (the JVM answers, the Camel context is started); never a token.
 *   <li>{@code GET /observe/health/ready}, {@code GET /observe/health}: readiness (every check); without the admin
 *       token each check's name and UP/DOWN only, with it also the message (why DOWN) and the details.
 *   <li>{@code GET /observe/metrics}: Prometheus text; needs the admin token unless {@code sync.observe.metrics-public}.
 * </ul>
 * 200 when UP, 503 when DOWN; 401 without the token where one is needed; 405 for another method than GET/HEAD.
 */
public final class ObserveHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminAuth auth;
    private final PrometheusMeterRegistry registry;
    private final boolean metricsPublic;

    public ObserveHttp(AdminAuth auth, PrometheusMeterRegistry registry, boolean metricsPublic) {
        this.auth = auth;
        this.registry = registry;
        this.metricsPublic = metricsPublic;
    }

    public void live(Exchange exchange) {
        if (methodRefused(exchange)) {
            return;
        }
        health(exchange, HealthCheckHelper.invokeLiveness(exchange.getContext()), false);
    }

    public void ready(Exchange exchange) {
        if (methodRefused(exchange)) {
            return;
        }
        health(exchange, HealthCheckHelper.invokeReadiness(exchange.getContext()), authorized(exchange));
    }

    /** Every check, liveness and readiness. */
    public void all(Exchange exchange) {
        if (methodRefused(exchange)) {
            return;
        }
        health(exchange, HealthCheckHelper.invoke(exchange.getContext()), authorized(exchange));
    }

    public void metrics(Exchange exchange) {
        if (methodRefused(exchange)) {
            return;
        }
        if (!metricsPublic && !authorized(exchange)) {
            reply(exchange, 401, "application/json", error("unauthorized"));
            return;
        }
        reply(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    }

    private void health(Exchange exchange, Collection<HealthCheck.Result> results, boolean details) {
        boolean up = HealthCheckHelper.isResultsUp(results, false);
        ObjectNode body = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = body.putArray("checks");
        List<HealthCheck.Result> sorted = results.stream()
                .sorted(Comparator.comparing((HealthCheck.Result r) -> r.getCheck().getId())).toList();
        for (HealthCheck.Result r : sorted) {
            ObjectNode c = checks.addObject().put("name", r.getCheck().getId()).put("status", r.getState().name());
            if (details) {
                r.getMessage().ifPresent(m -> c.put("message", m));
                r.getError().ifPresent(e -> c.put("error", String.valueOf(e.getMessage())));
                Map<String, Object> own = new TreeMap<>();
                r.getDetails().forEach((k, v) -> {
                    if (!HealthCheckHelper.isReservedKey(k) && v != null) {
                        own.put(k, v);
                    }
                });
                if (!own.isEmpty()) {
                    c.set("details", JSON.valueToTree(own));
                }
            }
        }
        reply(exchange, up ? 200 : 503, "application/json", body.toString());
    }

    private boolean authorized(Exchange exchange) {
        return auth.authorized(exchange.getMessage().getHeader("Authorization", String.class));
    }

    private boolean methodRefused(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if (method == null || "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method)) {
            return false;
        }
        reply(exchange, 405, "application/json", error("method: " + method + " is not allowed here; use GET"));
        exchange.getMessage().setHeader("Allow", "GET, HEAD");
        return true;
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** Drops every request header first, so none (the Authorization header least of all) is echoed back. */
    private static void reply(Exchange exchange, int status, String contentType, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }
}
