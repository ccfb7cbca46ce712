package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes a request by method and path template ({@code /v3/contacts/{contact_id}}). Literal routes are registered
 * before templated ones where both could match ({@code /contacts/sign_up_form} before {@code /contacts/{id}}).
 */
final class Router {

    /** A request matched to a route: the request, its path variables and its parsed JSON body (or null). */
    record Call(SandboxRequest request, Map<String, String> pathVars, JsonNode body) {
        String var(String name) {
            return pathVars.get(name);
        }
    }

    /** Handles one matched call. */
    @FunctionalInterface
    interface Handler {
        SandboxResponse handle(Call call);
    }

    /** A match: the route's key ({@code GET /v3/contacts/{contact_id}}), its handler and the path variables. */
    record Match(String key, Handler handler, Map<String, String> pathVars) {
    }

    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {
    }

    private static final Pattern VAR = Pattern.compile("\\{([a-z_]+)}");
    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = VAR.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    Optional<Match> match(String method, String path) {
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (r.method.equals(method) && m.matches()) {
                Map<String, String> vars = new LinkedHashMap<>();
                for (int i = 0; i < r.names.size(); i++) {
                    vars.put(r.names.get(i), m.group(i + 1));
                }
                return Optional.of(new Match(method + " " + r.template, r.handler, vars));
            }
        }
        return Optional.empty();
    }

    /** True when some route has this path but another method (405 rather than 404). */
    boolean pathExists(String path) {
        return routes.stream().anyMatch(r -> r.pattern.matcher(path).matches());
    }
}
