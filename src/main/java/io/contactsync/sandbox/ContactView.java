package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

import static io.contactsync.sandbox.SandboxJson.putIfNotNull;
import static io.contactsync.sandbox.SandboxJson.time;

/**
 * Renders a stored {@link Contact} as the spec's {@code ContactResource}: core properties always, subresources only
 * when named in {@code include} (as Constant Contact does). Properties without a value are left out, not null.
 */
final class ContactView {
    private ContactView() {
    }

    static ObjectNode render(Contact c, Set<String> include) {
        ObjectNode out = SandboxJson.object();
        out.put("contact_id", c.contactId);
        if (c.email != null) {
            ObjectNode email = out.putObject("email_address");
            email.put("address", c.email);
            putIfNotNull(email, "permission_to_send", c.permissionToSend);
            putIfNotNull(email, "created_at", time(c.emailCreatedAt));
            putIfNotNull(email, "updated_at", time(c.emailUpdatedAt));
            putIfNotNull(email, "opt_in_source", c.optInSource);
            putIfNotNull(email, "opt_in_date", time(c.optInDate));
            putIfNotNull(email, "opt_out_source", c.optOutSource);
            putIfNotNull(email, "opt_out_date", time(c.optOutDate));
            putIfNotNull(email, "opt_out_reason", c.optOutReason);
            putIfNotNull(email, "confirm_status", c.confirmStatus);
        }
        putIfNotNull(out, "first_name", c.firstName);
        putIfNotNull(out, "last_name", c.lastName);
        putIfNotNull(out, "job_title", c.jobTitle);
        putIfNotNull(out, "company_name", c.companyName);
        putIfNotNull(out, "birthday_month", c.birthdayMonth);
        putIfNotNull(out, "birthday_day", c.birthdayDay);
        putIfNotNull(out, "anniversary", c.anniversary);
        putIfNotNull(out, "update_source", c.updateSource);
        putIfNotNull(out, "create_source", c.createSource);
        putIfNotNull(out, "created_at", time(c.createdAt));
        putIfNotNull(out, "updated_at", time(c.updatedAt));
        putIfNotNull(out, "deleted_at", SandboxJson.date(c.deletedAt));
        if (include.contains("custom_fields")) {
            ArrayNode fields = out.putArray("custom_fields");
            c.customFields.forEach((id, value) -> fields.addObject().put("custom_field_id", id).put("value", value));
        }
        if (include.contains("phone_numbers")) {
            ArrayNode phones = out.putArray("phone_numbers");
            for (Contact.Phone p : c.phones) {
                ObjectNode n = phones.addObject().put("phone_number_id", p.id()).put("phone_number", p.number).put("kind", p.kind);
                putIfNotNull(n, "created_at", time(p.createdAt));
                putIfNotNull(n, "updated_at", time(p.updatedAt));
                putIfNotNull(n, "create_source", p.createSource);
                putIfNotNull(n, "update_source", p.updateSource);
            }
        }
        if (include.contains("street_addresses")) {
            ArrayNode addresses = out.putArray("street_addresses");
            for (Contact.Address a : c.addresses) {
                ObjectNode n = addresses.addObject().put("street_address_id", a.id()).put("kind", a.kind);
                putIfNotNull(n, "street", a.street);
                putIfNotNull(n, "city", a.city);
                putIfNotNull(n, "state", a.state);
                putIfNotNull(n, "postal_code", a.postalCode);
                putIfNotNull(n, "country", a.country);
                putIfNotNull(n, "created_at", time(a.createdAt));
                putIfNotNull(n, "updated_at", time(a.updatedAt));
            }
        }
        if (include.contains("list_memberships")) {
            ArrayNode lists = out.putArray("list_memberships");
            c.lists.forEach(lists::add);
        }
        if (include.contains("taggings")) {
            ArrayNode tags = out.putArray("taggings");
            c.taggings.forEach(tags::add);
        }
        if (include.contains("notes")) {
            ArrayNode notes = out.putArray("notes");
            for (Contact.Note note : c.notes) {
                ObjectNode n = notes.addObject().put("note_id", note.noteId).put("content", note.content);
                putIfNotNull(n, "created_at", time(note.createdAt));
            }
        }
        return out;
    }
}
