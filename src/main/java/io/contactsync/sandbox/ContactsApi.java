package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Set;

/** Handlers of {@code /v3/contacts} and {@code /v3/contacts/{contact_id}}. */
final class ContactsApi {
    private final Account account;
    private final SandboxClock clock;

    ContactsApi(Account account, SandboxClock clock) {
        this.account = account;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/v3/contacts", this::list)
                .add("POST", "/v3/contacts", this::create)
                .add("POST", "/v3/contacts/sign_up_form", new SignUpForm(account, clock)::handle)
                .add("GET", "/v3/contacts/{contact_id}", this::get)
                .add("PUT", "/v3/contacts/{contact_id}", this::put)
                .add("DELETE", "/v3/contacts/{contact_id}", this::delete);
    }

    private SandboxResponse list(Router.Call call) {
        ContactQuery q;
        try {
            q = ContactQuery.from(call.request());
        } catch (ContactQuery.BadQuery e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (q.params().containsKey("segment_id")) {
            throw ApiError.notFound("segment " + q.params().get("segment_id"));
        }
        ObjectNode out = SandboxJson.object();
        ArrayNode page = out.putArray("contacts");
        synchronized (account) {
            long last = -1;
            boolean more = false;
            for (Contact c : account.bySeq.after(q.after())) {
                if (!q.matches(c)) {
                    continue;
                }
                if (page.size() == q.limit()) {
                    more = true;
                    break;
                }
                page.add(ContactView.render(c, q.include()));
                last = c.seq;
            }
            if (q.includeCount()) {
                out.put("contacts_count", account.bySeq.values().stream().filter(q::matches).count());
            }
            if (more) {
                out.putObject("_links").putObject("next").put("href", q.nextHref(last));
            }
        }
        return SandboxResponse.json(200, out);
    }

    private SandboxResponse get(Router.Call call) {
        Set<String> include = ContactQuery.from(call.request()).include();
        synchronized (account) {
            return SandboxResponse.json(200, ContactView.render(find(call.var("contact_id")), include));
        }
    }

    private SandboxResponse create(Router.Call call) {
        JsonNode body = call.body();
        String source = ContactEdits.source(body, "create_source");
        String address = body.path("email_address").path("address").asText("").trim();
        if (address.isEmpty()) {
            throw ApiError.badRequest("email_address.address is required (the sandbox has no SMS channel)");
        }
        String permission = body.path("email_address").path("permission_to_send").asText("implicit");
        if (!ContactEdits.PERMISSIONS.contains(permission)) {
            throw ApiError.badRequest("permission_to_send must be one of " + ContactEdits.PERMISSIONS);
        }
        synchronized (account) {
            if (account.contactByEmail(address).isPresent()) {
                // Constant Contact answers 409 for deleted contacts too.
                throw ApiError.conflict("Validation failed: EmailAddress is not unique");
            }
            Instant now = clock.now();
            Contact c = newContact(account, address, source, now);
            ContactEdits.replaceCore(c, body);
            ContactEdits.replaceSubresources(account, c, body, source, now);
            if ("unsubscribed".equals(permission)) {
                c.unsubscribe(now, source, null);
            } else {
                c.permissionToSend = permission;
            }
            account.putContact(c);
            return SandboxResponse.json(201, ContactView.render(c, Set.of("custom_fields", "list_memberships",
                    "phone_numbers", "street_addresses", "taggings", "notes")));
        }
    }

    /** A new contact with Constant Contact's defaults for its source (implicit permission, opt-in by that source). */
    static Contact newContact(Account account, String email, String source, Instant now) {
        Contact c = new Contact();
        c.seq = account.nextSeq();
        c.contactId = Account.newId();
        c.email = email;
        c.permissionToSend = "implicit";
        c.optInSource = source;
        c.optInDate = now;
        c.confirmStatus = "off";
        c.emailCreatedAt = now;
        c.emailUpdatedAt = now;
        c.createSource = source;
        c.updateSource = source;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    private SandboxResponse put(Router.Call call) {
        JsonNode body = call.body();
        String source = ContactEdits.source(body, "update_source");
        String address = body.path("email_address").path("address").asText("").trim();
        String permission = body.path("email_address").path("permission_to_send").asText(null);
        if (permission != null && !ContactEdits.PERMISSIONS.contains(permission)) {
            throw ApiError.badRequest("permission_to_send must be one of " + ContactEdits.PERMISSIONS);
        }
        synchronized (account) {
            Contact c = find(call.var("contact_id"));
            if (c.isDeleted() && !"Account".equals(source)) {
                throw ApiError.badRequest("update_source must be Account to revive a deleted contact");
            }
            Instant now = clock.now();
            if (!address.isEmpty() && !address.equalsIgnoreCase(c.email)) {
                if (account.contactByEmail(address).isPresent()) {
                    throw ApiError.conflict("Validation failed: EmailAddress is not unique");
                }
                String old = c.email;
                c.email = address;
                c.emailUpdatedAt = now;
                account.reindexEmail(c, old);
            }
            ContactEdits.replaceCore(c, body);
            ContactEdits.replaceSubresources(account, c, body, source, now);
            if ("unsubscribed".equals(permission)) {
                c.unsubscribe(now, source, body.path("email_address").path("opt_out_reason").asText(null));
            } else if (permission != null && !c.isUnsubscribed() && !permission.equals(c.permissionToSend)) {
                // An unsubscribed contact stays unsubscribed: only the contact's own consent (sign-up form,
                // resubscribe confirmation) re-subscribes, never a PUT.
                c.permissionToSend = permission;
                c.emailUpdatedAt = now;
            }
            c.deletedAt = null;
            c.updateSource = source;
            c.updatedAt = now;
            account.touch(Account.CONTACT, c.contactId);
            return SandboxResponse.json(200, ContactView.render(c, Set.of("custom_fields", "list_memberships",
                    "phone_numbers", "street_addresses", "taggings", "notes")));
        }
    }

    private SandboxResponse delete(Router.Call call) {
        synchronized (account) {
            Contact c = find(call.var("contact_id"));
            if (!c.isDeleted()) {
                Instant now = clock.now();
                c.deletedAt = now;
                c.updatedAt = now;
                account.touch(Account.CONTACT, c.contactId);
            }
        }
        return SandboxResponse.empty(204);
    }

    private Contact find(String id) {
        Contact c = account.contacts.get(id);
        if (c == null) {
            throw ApiError.notFound("contact " + id);
        }
        return c;
    }

}
