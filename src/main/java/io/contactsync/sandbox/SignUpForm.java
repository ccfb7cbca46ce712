package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * {@code POST /v3/contacts/sign_up_form}: the consent path. Creates (201) or partially updates (200) the contact
 * found by e-mail, adds lists and custom fields, revives a deleted contact and sets {@code permission_to_send}
 * to {@code explicit} — re-subscribing an unsubscribed contact, as Constant Contact documents. The sandbox has no
 * Confirmed Opt-In setting, so new contacts are {@code explicit} too.
 */
final class SignUpForm {
    private final Account account;
    private final SandboxClock clock;

    SignUpForm(Account account, SandboxClock clock) {
        this.account = account;
        this.clock = clock;
    }

    SandboxResponse handle(Router.Call call) {
        JsonNode body = call.body();
        String email = body.path("email_address").asText("").trim();
        if (email.isEmpty()) {
            throw ApiError.badRequest("email_address is required (the sandbox has no SMS channel)");
        }
        synchronized (account) {
            for (JsonNode list : body.path("list_memberships")) {
                if (!account.lists.containsKey(list.asText())) {
                    throw ApiError.notFound("list " + list.asText());
                }
            }
            for (JsonNode f : body.path("custom_fields")) {
                if (!account.fields.containsKey(f.path("custom_field_id").asText())) {
                    throw ApiError.notFound("custom field " + f.path("custom_field_id").asText());
                }
            }
            Instant now = clock.now();
            Contact c = account.contactByEmail(email).orElse(null);
            boolean created = c == null;
            if (created) {
                c = ContactsApi.newContact(account, email, "Contact", now);
            }
            apply(c, body, now);
            account.putContact(c);
            return SandboxResponse.json(created ? 201 : 200, SandboxJson.object()
                    .put("contact_id", c.contactId).put("action", created ? "created" : "updated"));
        }
    }

    private void apply(Contact c, JsonNode body, Instant now) {
        c.firstName = body.hasNonNull("first_name") ? body.get("first_name").asText() : c.firstName;
        c.lastName = body.hasNonNull("last_name") ? body.get("last_name").asText() : c.lastName;
        c.jobTitle = body.hasNonNull("job_title") ? body.get("job_title").asText() : c.jobTitle;
        c.companyName = body.hasNonNull("company_name") ? body.get("company_name").asText() : c.companyName;
        c.anniversary = body.hasNonNull("anniversary") ? body.get("anniversary").asText() : c.anniversary;
        if (body.hasNonNull("birthday_month") || body.hasNonNull("birthday_day")) {
            Integer month = body.hasNonNull("birthday_month") ? body.get("birthday_month").asInt() : null;
            Integer day = body.hasNonNull("birthday_day") ? body.get("birthday_day").asInt() : null;
            ContactEdits.checkBirthday(month, day);
            c.birthdayMonth = month;
            c.birthdayDay = day;
        }
        if (body.hasNonNull("phone_number")) {
            // The form's single phone has no kind; it is stored as the home phone (like the import's "phone").
            c.phones.removeIf(p -> p.kind.equals("home"));
            c.phones.add(ContactEdits.newPhone("home", body.get("phone_number").asText(), "Contact", now));
        }
        JsonNode address = body.path("street_address");
        if (address.isObject()) {
            String kind = address.path("kind").asText();
            if (!ContactEdits.ADDRESS_KINDS.contains(kind)) {
                throw ApiError.badRequest("street_address kind must be one of " + ContactEdits.ADDRESS_KINDS);
            }
            c.addresses.removeIf(a -> a.kind.equals(kind));
            Contact.Address a = ContactEdits.newAddress(kind, now);
            a.street = address.path("street").asText(null);
            a.city = address.path("city").asText(null);
            a.state = address.path("state").asText(null);
            a.postalCode = address.path("postal_code").asText(null);
            a.country = address.path("country").asText(null);
            c.addresses.add(a);
        }
        body.path("custom_fields").forEach(f -> c.customFields.put(f.path("custom_field_id").asText(), f.path("value").asText("")));
        body.path("list_memberships").forEach(l -> c.lists.add(l.asText()));
        if (!"explicit".equals(c.permissionToSend)) {
            c.permissionToSend = "explicit";
            c.optInSource = "Contact";
            c.optInDate = now;
            c.optOutDate = null;
            c.optOutSource = null;
            c.optOutReason = null;
            c.emailUpdatedAt = now;
        }
        c.deletedAt = null;
        c.updateSource = "Contact";
        c.updatedAt = now;
    }
}
