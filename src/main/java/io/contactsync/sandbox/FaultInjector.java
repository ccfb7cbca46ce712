package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Faults injected through {@code POST /sandbox/faults}. A rule either targets requests ({@code endpoint} pattern,
 * with {@code status}, {@code delay_ms}, {@code timeout} and/or {@code drop_response}, limited by {@code count} and/or
 * {@code probability}) or activity outcomes ({@code activity_outcome}: the next {@code count} activities end
 * {@code failed} or {@code timed_out}). Thread-safe (synchronized).
 */
final class FaultInjector {

    /**
     * One rule.
     *
     * @param endpoint        {@code "METHOD /path"} glob; {@code *} matches any characters; matched against both the
     *                        route template ({@code /v3/contacts/{contact_id}}) and the actual path
     * @param status          status to answer instead of handling the request (429, 500, 503, …), or null
     * @param errorKey        for 429: {@code throttled} (default) or {@code quota_exceeded}
     * @param delayMillis     delay before handling (or before dropping, with timeout), or 0
     * @param timeout         hold the request, then drop the connection without an answer
     * @param dropResponse    handle the request fully (a token grant rotates its refresh token, a POST creates), then
     *                        drop the connection without sending the answer: "the server did it, the client never
     *                        heard"
     * @param probability     chance that a matching request is hit (1.0 when absent)
     * @param remaining       how many more hits before the rule expires; negative means unlimited
     * @param activityOutcome {@code failed} or {@code timed_out} for activity rules, else null
     */
    record Rule(String endpoint, Integer status, String errorKey, long delayMillis, boolean timeout,
                boolean dropResponse, double probability, int remaining, String activityOutcome) {

        boolean matches(String routeKey, String actualKey) {
            if (endpoint == null) {
                return false;
            }
            Pattern p = Pattern.compile(("\\Q" + endpoint + "\\E").replace("*", "\\E.*\\Q"));
            return p.matcher(routeKey).matches() || p.matcher(actualKey).matches();
        }

        Rule hit() {
            return new Rule(endpoint, status, errorKey, delayMillis, timeout, dropResponse, probability,
                    remaining < 0 ? remaining : remaining - 1, activityOutcome);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /** Parses one rule or an array of rules; throws IllegalArgumentException naming the problem. */
    static List<Rule> parse(JsonNode body) {
        List<Rule> out = new ArrayList<>();
        if (body instanceof ArrayNode array) {
            array.forEach(n -> out.add(parseOne(n)));
        } else {
            out.add(parseOne(body));
        }
        return out;
    }

    private static Rule parseOne(JsonNode n) {
        String outcome = n.hasNonNull("activity_outcome") ? n.get("activity_outcome").asText() : null;
        String endpoint = n.hasNonNull("endpoint") ? n.get("endpoint").asText() : null;
        if (outcome != null && !outcome.equals("failed") && !outcome.equals("timed_out")) {
            throw new IllegalArgumentException("activity_outcome must be failed or timed_out");
        }
        if ((outcome == null) == (endpoint == null)) {
            throw new IllegalArgumentException("a rule needs exactly one of endpoint or activity_outcome");
        }
        Integer status = n.hasNonNull("status") ? n.get("status").asInt() : null;
        boolean timeout = n.path("timeout").asBoolean(false);
        long delay = n.path("delay_ms").asLong(0);
        boolean drop = n.path("drop_response").asBoolean(false);
        if (endpoint != null && status == null && !timeout && !drop && delay <= 0) {
            throw new IllegalArgumentException("an endpoint rule needs status, delay_ms, timeout or drop_response");
        }
        if (drop && (status != null || timeout)) {
            throw new IllegalArgumentException("drop_response handles the request: it cannot go with status or timeout");
        }
        if (status != null && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be 4xx or 5xx");
        }
        double probability = n.path("probability").asDouble(1.0);
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in (0, 1]");
        }
        int count = n.hasNonNull("count") ? n.get("count").asInt() : -1;
        String errorKey = n.path("error_key").asText("throttled");
        return new Rule(endpoint, status, errorKey, delay, timeout, drop, probability, count, outcome);
    }

    synchronized void add(List<Rule> added) {
        rules.addAll(added);
    }

    synchronized void clear() {
        rules.clear();
    }

    synchronized List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** The first request rule that hits this request (consuming one of its count), if any. */
    synchronized Optional<Rule> forRequest(String routeKey, String actualKey) {
        return take(r -> r.activityOutcome() == null && r.matches(routeKey, actualKey));
    }

    /** A forced final state for the next activity, if a rule asks for one. */
    synchronized Optional<String> forActivity() {
        return take(r -> r.activityOutcome() != null).map(Rule::activityOutcome);
    }

    private Optional<Rule> take(java.util.function.Predicate<Rule> applies) {
        for (var it = rules.listIterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (!applies.test(r) || ThreadLocalRandom.current().nextDouble() >= r.probability()) {
                continue;
            }
            Rule after = r.hit();
            if (after.remaining() == 0) {
                it.remove();
            } else {
                it.set(after);
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

}
