package io.contactsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Optional;

/**
 * The pipeline every {@code /v3} request goes through, in this order: count it, inject faults, authenticate (401),
 * rate-limit (429), route (404), read the JSON body (415/400, with the 4 MB import cut), validate against the spec
 * (400, counted), then handle. A null response means "drop the connection" (an injected timeout, or a
 * {@code drop_response} fault after the request was handled). The spec takes
 * seconds to compile, so it loads in the background while the server already listens; the first validated request
 * waits for it.
 */
final class V3Gateway {
    private final Router router;
    private final SandboxStats stats;
    private final FaultInjector faults;
    private final TokenService tokens;
    private final RateLimits limits;
    private final SandboxConfig config;
    private final SandboxClock clock;
    private final java.util.concurrent.CompletableFuture<SpecContract> contract;

    V3Gateway(Router router, SandboxStats stats, FaultInjector faults, TokenService tokens, RateLimits limits,
              SandboxConfig config, SandboxClock clock,
              java.util.concurrent.CompletableFuture<SpecContract> contract) {
        this.router = router;
        this.stats = stats;
        this.faults = faults;
        this.tokens = tokens;
        this.limits = limits;
        this.config = config;
        this.clock = clock;
        this.contract = contract;
    }

    SandboxResponse handle(SandboxRequest request) throws InterruptedException {
        Optional<Router.Match> match = router.match(request.method(), request.path());
        String key = match.map(Router.Match::key).orElse(request.method() + " " + request.path());
        stats.request(key);
        Optional<FaultInjector.Rule> fault = faults.forRequest(key, request.method() + " " + request.path());
        if (fault.isPresent() && !fault.get().dropResponse()) {
            FaultInjector.Rule rule = fault.get();
            Thread.sleep(rule.timeout() && rule.delayMillis() <= 0 ? 30_000 : rule.delayMillis());
            if (rule.timeout()) {
                return null;
            }
            if (rule.status() != null) {
                return faultResponse(rule);
            }
        }
        SandboxResponse response = admitted(request, match);
        if (fault.isPresent() && fault.get().dropResponse()) {
            Thread.sleep(fault.get().delayMillis());
            return null; // handled, but the client never hears of it
        }
        return response;
    }

    private SandboxResponse admitted(SandboxRequest request, Optional<Router.Match> match) {
        String auth = request.header("authorization").orElse("");
        Optional<TokenService.Claims> claims = auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verify(auth.substring(7).trim()) : Optional.empty();
        if (claims.isEmpty()) {
            return SandboxResponse.error(401, "unauthorized", "Unauthorized: the access token is missing, invalid or expired");
        }
        if (config.rateLimited()) {
            Optional<RateLimits.Refusal> refusal = limits.admit(claims.get().clientId(), clock.preciseNow());
            if (refusal.isPresent()) {
                stats.rateLimited(refusal.get().errorKey);
                return SandboxResponse.json(429, SandboxJson.object().put("error_key", refusal.get().errorKey)
                        .put("error_message", refusal.get().message));
            }
        }
        if (match.isEmpty()) {
            return router.pathExists(request.path())
                    ? SandboxResponse.error(405, "method.not.allowed", "Method not allowed")
                    : SandboxResponse.error(404, "not.found", "Resource not found: " + request.path());
        }
        JsonNode body = null;
        if (request.body().length > 0 && (request.method().equals("POST") || request.method().equals("PUT"))) {
            if (!request.header("content-type").orElse("").toLowerCase().startsWith("application/json")) {
                return SandboxResponse.error(415, "unsupported.media.type", "Content-Type must be application/json");
            }
            try {
                body = readBody(request, match.get().key());
            } catch (JsonProcessingException e) {
                stats.specViolation();
                return SandboxResponse.error(400, "malformed.json", "Malformed JSON: " + e.getOriginalMessage());
            }
        }
        List<SpecContract.Violation> violations = contract.join().validate(request, body);
        if (!violations.isEmpty()) {
            stats.specViolation();
            ArrayNode errors = SandboxJson.MAPPER.createArrayNode();
            violations.forEach(v -> errors.addObject().put("error_key", v.key()).put("error_message", v.message()));
            return SandboxResponse.json(400, errors);
        }
        try {
            return match.get().handler().handle(new Router.Call(request, match.get().pathVars(), body));
        } catch (ApiError e) {
            return e.toResponse();
        }
    }

    private JsonNode readBody(SandboxRequest request, String routeKey) throws JsonProcessingException {
        if (routeKey.equals("POST /v3/activities/contacts_json_import") && ImportTruncation.needed(request.body())) {
            stats.truncation();
            return ImportTruncation.repair(request.body());
        }
        try {
            return SandboxJson.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SandboxResponse faultResponse(FaultInjector.Rule rule) {
        if (rule.status() == 429) {
            boolean quota = "quota_exceeded".equals(rule.errorKey());
            return SandboxResponse.json(429, SandboxJson.object().put("error_key", quota ? "quota_exceeded" : "throttled")
                    .put("error_message", quota ? "Limit Exceeded" : "Too Many Requests"));
        }
        return SandboxResponse.error(rule.status(), "sandbox.fault", "Injected fault: HTTP " + rule.status());
    }
}
