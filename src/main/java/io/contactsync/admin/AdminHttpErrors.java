package io.contactsync.admin;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * JSON bodies for the errors the embedded HTTP server answers before or outside the admin routes: 404 (no such path),
 * 413 (body over {@link #MAX_BODY_BYTES}), and any other failure Vert.x raises (405, 500). Without this Vert.x answers in plain
 * text, while {@code docs/admin.md} promises {@code {"error": "..."}} for every error.
 */
public final class AdminHttpErrors {

    /** Admin bodies are a few bytes of JSON; a caller without a token must not make the engine buffer megabytes. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private AdminHttpErrors() {
    }

    /** Installs the handlers on the router of the embedded server on {@code port}; does nothing when none runs. */
    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        // A catch-all ordered after every route the platform-http consumers add: what none of them took is a 404.
        router.route().last().handler(ctx -> answer(ctx, 404, "path: no endpoint " + ctx.request().path()
                + " (POST /admin/sync, POST /admin/resync, GET /admin/runs/{id}, GET /admin/runs, GET /admin/status, GET /admin/deadletters[/{id}], POST /admin/deadletters/{id}/retry|discard, GET /admin/held, POST /admin/runs/{id}/approve|reject, POST /admin/plan, GET /admin/explain?key=, GET /status, GET /observe/health[/live|/ready], GET /observe/metrics)"));
        // Vert.x fails the request (413 from its body handler, 405, 500 on an exception) on this sub-router; a failure
        // handler here answers before the failure reaches the main router, whose default answers in plain text.
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            answer(ctx, status, switch (status) {
                case 413 -> "body: larger than " + MAX_BODY_BYTES + " bytes";
                case 405 -> "method: " + ctx.request().method().name() + " is not allowed here";
                case 404 -> "path: no endpoint " + ctx.request().path();
                default -> status >= 500 ? "internal error" : "request: refused (" + status + ")";
            });
        });
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(AdminReply.errorBody(message).toString());
    }
}
