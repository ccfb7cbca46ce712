package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's own control API under {@code /sandbox} (not part of Constant Contact): reset, stats, a contact's own
 * unsubscribe click, an edit made in Constant Contact's UI, fault injection and clock skew. No token; loopback
 * clients only (see {@link #isLoopback}).
 */
final class ControlApi {
    private final Account account;
    private final SandboxClock clock;
    private final SandboxStats stats;
    private final FaultInjector faults;
    private final RateLimits limits;

    ControlApi(Account account, SandboxClock clock, SandboxStats stats, FaultInjector faults, RateLimits limits) {
        this.account = account;
        this.clock = clock;
        this.stats = stats;
        this.faults = faults;
        this.limits = limits;
    }

    /** The control API only answers clients on the same machine. */
    static boolean isLoopback(InetAddress remote) {
        return remote != null && remote.isLoopbackAddress();
    }

    void register(Router router) {
        router.add("POST", "/sandbox/reset", this::reset)
                .add("GET", "/sandbox/stats", c -> SandboxResponse.json(200, stats()))
                .add("POST", "/sandbox/contacts/{contact_id}/unsubscribe", this::unsubscribe)
                .add("POST", "/sandbox/contacts/{contact_id}/edit", this::edit)
                .add("POST", "/sandbox/contacts/{contact_id}/delete", this::delete)
                .add("POST", "/sandbox/sign_up_form", c -> new SignUpForm(account, clock).handle(c))
                .add("GET", "/sandbox/faults", c -> SandboxResponse.json(200, faultsJson()))
                .add("POST", "/sandbox/faults", this::addFaults)
                .add("DELETE", "/sandbox/faults", c -> {
                    faults.clear();
                    return SandboxResponse.empty(204);
                })
                .add("GET", "/sandbox/clock", c -> SandboxResponse.json(200, clockJson()))
                .add("POST", "/sandbox/clock", this::setClock);
    }

    /** Empties the account, the counters, the limits, the faults and the clock skew; tokens stay valid. */
    private SandboxResponse reset(Router.Call call) {
        synchronized (account) {
            account.wipe();
        }
        stats.reset();
        limits.reset();
        faults.clear();
        clock.setOffsetSeconds(0);
        return SandboxResponse.empty(204);
    }

    ObjectNode stats() {
        ObjectNode out = stats.toJson();
        Map<String, Long> states = new TreeMap<>(Map.of("initialized", 0L, "processing", 0L, "completed", 0L,
                "failed", 0L, "timed_out", 0L));
        long total;
        long deleted;
        long unsubscribed;
        synchronized (account) {
            account.activities.values().forEach(a -> states.merge(a.state, 1L, Long::sum));
            total = account.contacts.size();
            deleted = account.contacts.values().stream().filter(Contact::isDeleted).count();
            unsubscribed = account.contacts.values().stream().filter(Contact::isUnsubscribed).count();
        }
        ObjectNode activities = out.putObject("activities");
        states.forEach(activities::put);
        out.putObject("contacts").put("total", total).put("deleted", deleted).put("unsubscribed", unsubscribed);
        return out;
    }

    private SandboxResponse unsubscribe(Router.Call call) {
        String reason = call.body() == null ? null : call.body().path("reason").asText(null);
        synchronized (account) {
            Contact c = contact(call);
            Instant now = clock.now();
            c.unsubscribe(now, "Contact", reason);
            c.updateSource = "Contact";
            account.touch(Account.CONTACT, c.contactId);
            return SandboxResponse.json(200, ContactView.render(c, java.util.Set.of()));
        }
    }

    /** Deleted as if in Constant Contact's UI (the contact stays readable with {@code status=all}). */
    private SandboxResponse delete(Router.Call call) {
        synchronized (account) {
            Contact c = contact(call);
            if (!c.isDeleted()) {
                Instant now = clock.now();
                c.deletedAt = now;
                c.updatedAt = now;
                account.touch(Account.CONTACT, c.contactId);
            }
            return SandboxResponse.empty(204);
        }
    }

    /** Import-vocabulary edit as if made in Constant Contact's UI; {@code email} changes the address. */
    private SandboxResponse edit(Router.Call call) {
        JsonNode body = call.body();
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("body must be a JSON object of import-vocabulary fields");
        }
        synchronized (account) {
            Contact c = contact(call);
            String problem = FlatFields.check(account, c, body);
            if (problem != null) {
                throw ApiError.badRequest(problem);
            }
            Instant now = clock.now();
            String email = body.path("email").asText("").trim();
            if (!email.isEmpty() && !email.equalsIgnoreCase(c.email)) {
                if (!FlatFields.validEmail(email)) {
                    throw ApiError.badRequest("invalid email address " + email);
                }
                if (account.contactByEmail(email).isPresent()) {
                    throw ApiError.conflict("Validation failed: EmailAddress is not unique");
                }
                String old = c.email;
                c.email = email;
                c.emailUpdatedAt = now;
                account.reindexEmail(c, old);
            }
            FlatFields.apply(account, c, body, "Contact", now);
            c.updateSource = "Contact";
            c.updatedAt = now;
            account.touch(Account.CONTACT, c.contactId);
            return SandboxResponse.json(200, ContactView.render(c, java.util.Set.of("custom_fields", "phone_numbers",
                    "street_addresses", "list_memberships")));
        }
    }

    private Contact contact(Router.Call call) {
        Contact c = account.contacts.get(call.var("contact_id"));
        if (c == null) {
            throw ApiError.notFound("contact " + call.var("contact_id"));
        }
        return c;
    }

    private SandboxResponse addFaults(Router.Call call) {
        if (call.body() == null) {
            throw ApiError.badRequest("body must be a fault rule or an array of rules");
        }
        try {
            faults.add(FaultInjector.parse(call.body()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return SandboxResponse.json(201, faultsJson());
    }

    private ObjectNode faultsJson() {
        ObjectNode out = SandboxJson.object();
        ArrayNode rules = out.putArray("rules");
        for (FaultInjector.Rule r : faults.rules()) {
            ObjectNode n = rules.addObject();
            SandboxJson.putIfNotNull(n, "endpoint", r.endpoint());
            SandboxJson.putIfNotNull(n, "status", r.status());
            SandboxJson.putIfNotNull(n, "activity_outcome", r.activityOutcome());
            if (r.delayMillis() > 0) {
                n.put("delay_ms", r.delayMillis());
            }
            if (r.timeout()) {
                n.put("timeout", true);
            }
            if (r.dropResponse()) {
                n.put("drop_response", true);
            }
            n.put("probability", r.probability());
            if (r.remaining() >= 0) {
                n.put("count", r.remaining());
            }
        }
        return out;
    }

    private SandboxResponse setClock(Router.Call call) {
        JsonNode offset = call.body() == null ? null : call.body().get("offset_seconds");
        if (offset == null || !offset.canConvertToLong()) {
            throw ApiError.badRequest("offset_seconds (an integer) is required");
        }
        clock.setOffsetSeconds(offset.asLong());
        return SandboxResponse.json(200, clockJson());
    }

    private ObjectNode clockJson() {
        return SandboxJson.object().put("now", clock.now().toString()).put("offset_seconds", clock.offsetSeconds());
    }
}
