package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.contactsync.sandbox.SandboxJson.putIfNotNull;
import static io.contactsync.sandbox.SandboxJson.time;

/** Handlers of custom fields, lists and tags. Names are unique per account (case-insensitive): duplicates get 409. */
final class CatalogApi {
    static final int MAX_CUSTOM_FIELDS = 100;
    static final Set<String> FIELD_TYPES = Set.of("string", "date", "datetime", "single_select", "multi_select",
            "currency", "text_area", "number", "boolean");

    private final Account account;
    private final SandboxClock clock;

    CatalogApi(Account account, SandboxClock clock) {
        this.account = account;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/v3/contact_custom_fields", this::listFields)
                .add("POST", "/v3/contact_custom_fields", this::createField)
                .add("GET", "/v3/contact_custom_fields/{custom_field_id}", c -> fieldResponse(200, field(c)))
                .add("PUT", "/v3/contact_custom_fields/{custom_field_id}", this::updateField)
                .add("DELETE", "/v3/contact_custom_fields/{custom_field_id}", this::deleteField)
                .add("GET", "/v3/contact_lists", this::listLists)
                .add("POST", "/v3/contact_lists", this::createList)
                .add("GET", "/v3/contact_lists/{list_id}", this::getList)
                .add("GET", "/v3/contact_tags", this::listTags)
                .add("POST", "/v3/contact_tags", this::createTag);
    }

    private SandboxResponse listFields(Router.Call call) {
        synchronized (account) {
            ObjectNode out = SandboxJson.object();
            ArrayNode items = out.putArray("custom_fields");
            CatalogPage.page(call.request(), "/v3/contact_custom_fields", List.copyOf(account.fields.values()), 50, out,
                    f -> items.add(render(f)));
            return SandboxResponse.json(200, out);
        }
    }

    private SandboxResponse createField(Router.Call call) {
        JsonNode body = call.body();
        String label = body.path("label").asText("").trim();
        String type = body.path("type").asText("");
        if (label.isEmpty() || !FIELD_TYPES.contains(type)) {
            throw ApiError.badRequest("label is required and type must be one of " + FIELD_TYPES);
        }
        synchronized (account) {
            if (account.fields.size() >= MAX_CUSTOM_FIELDS) {
                throw ApiError.badRequest("an account can have at most 100 custom fields");
            }
            String name = CustomField.nameOf(label);
            if (account.fields.values().stream().anyMatch(f -> f.name.equalsIgnoreCase(name))) {
                throw ApiError.conflict("custom field " + name + " already exists");
            }
            Instant now = clock.now();
            CustomField f = new CustomField();
            f.seq = account.nextSeq();
            f.customFieldId = Account.newId();
            f.label = label;
            f.name = name;
            f.type = type;
            f.version = body.path("version").asInt(2);
            f.metadata = body.get("metadata");
            f.choices = body.get("choices");
            f.createdAt = now;
            f.updatedAt = now;
            account.fields.put(f.customFieldId, f);
            account.touch(Account.FIELD, f.customFieldId);
            return fieldResponse(201, f);
        }
    }

    /** Changing the label keeps {@code name} (the {@code cf:} key) as it was, so imports keep working. */
    private SandboxResponse updateField(Router.Call call) {
        synchronized (account) {
            CustomField f = field(call);
            if (call.body().hasNonNull("label")) {
                f.label = call.body().get("label").asText();
            }
            if (call.body().has("choices")) {
                f.choices = call.body().get("choices");
            }
            f.updatedAt = clock.now();
            account.touch(Account.FIELD, f.customFieldId);
            return fieldResponse(200, f);
        }
    }

    private SandboxResponse deleteField(Router.Call call) {
        synchronized (account) {
            CustomField f = field(call);
            account.fields.remove(f.customFieldId);
            account.touch(Account.FIELD, f.customFieldId);
            Instant now = clock.now();
            for (Contact c : account.contacts.values()) {
                if (c.customFields.remove(f.customFieldId) != null) {
                    c.updatedAt = now;
                    account.touch(Account.CONTACT, c.contactId);
                }
            }
            return SandboxResponse.empty(204);
        }
    }

    private CustomField field(Router.Call call) {
        synchronized (account) {
            CustomField f = account.fields.get(call.var("custom_field_id"));
            if (f == null) {
                throw ApiError.notFound("custom field " + call.var("custom_field_id"));
            }
            return f;
        }
    }

    private SandboxResponse fieldResponse(int status, CustomField f) {
        return SandboxResponse.json(status, render(f));
    }

    private static ObjectNode render(CustomField f) {
        ObjectNode n = SandboxJson.object().put("custom_field_id", f.customFieldId).put("label", f.label)
                .put("name", f.name).put("type", f.type);
        putIfNotNull(n, "version", f.version);
        if (f.metadata != null) {
            n.set("metadata", f.metadata);
        }
        if (f.choices != null) {
            n.set("choices", f.choices);
        }
        n.put("created_at", time(f.createdAt)).put("updated_at", time(f.updatedAt));
        return n;
    }

    private SandboxResponse listLists(Router.Call call) {
        SandboxRequest r = call.request();
        String status = r.param("status").orElse("active");
        String name = r.param("name").orElse(null);
        String memberships = r.param("include_membership_count").orElse(null);
        synchronized (account) {
            List<ContactList> all = account.lists.values().stream()
                    .filter(l -> status.equals("all") || (status.equals("deleted") == (l.deletedAt != null)))
                    .filter(l -> name == null || name.equals(l.name)).toList();
            ObjectNode out = SandboxJson.object();
            ArrayNode items = out.putArray("lists");
            CatalogPage.page(r, "/v3/contact_lists", all, 50, out, l -> items.add(render(l, memberships)));
            if (r.param("include_count").map(Boolean::parseBoolean).orElse(false)) {
                out.put("lists_count", all.size());
            }
            return SandboxResponse.json(200, out);
        }
    }

    private SandboxResponse getList(Router.Call call) {
        synchronized (account) {
            ContactList l = account.lists.get(call.var("list_id"));
            if (l == null) {
                throw ApiError.notFound("list " + call.var("list_id"));
            }
            return SandboxResponse.json(200, render(l, call.request().param("include_membership_count").orElse(null)));
        }
    }

    private SandboxResponse createList(Router.Call call) {
        String name = call.body().path("name").asText("").trim();
        if (name.isEmpty()) {
            throw ApiError.badRequest("name is required");
        }
        synchronized (account) {
            if (account.lists.values().stream().anyMatch(l -> l.name.equalsIgnoreCase(name))) {
                throw ApiError.conflict("list " + name + " already exists");
            }
            Instant now = clock.now();
            ContactList l = new ContactList();
            l.seq = account.nextSeq();
            l.listId = Account.newId();
            l.name = name;
            l.description = call.body().path("description").asText(null);
            l.favorite = call.body().path("favorite").asBoolean(false);
            l.createdAt = now;
            l.updatedAt = now;
            account.lists.put(l.listId, l);
            account.touch(Account.LIST, l.listId);
            return SandboxResponse.json(201, render(l, null));
        }
    }

    /** {@code membership_count}: {@code all} counts every non-deleted member, {@code active} only active ones. */
    private ObjectNode render(ContactList l, String memberships) {
        ObjectNode n = SandboxJson.object().put("list_id", l.listId).put("name", l.name);
        putIfNotNull(n, "description", l.description);
        n.put("favorite", l.favorite).put("created_at", time(l.createdAt)).put("updated_at", time(l.updatedAt));
        putIfNotNull(n, "deleted_at", time(l.deletedAt));
        if (memberships != null) {
            n.put("membership_count", account.contacts.values().stream()
                    .filter(c -> !c.isDeleted() && c.lists.contains(l.listId))
                    .filter(c -> !"active".equals(memberships) || "active".equals(c.status())).count());
        }
        return n;
    }

    private SandboxResponse listTags(Router.Call call) {
        boolean counts = call.request().param("include_count").map(Boolean::parseBoolean).orElse(false);
        synchronized (account) {
            ObjectNode out = SandboxJson.object();
            ArrayNode items = out.putArray("tags");
            CatalogPage.page(call.request(), "/v3/contact_tags", List.copyOf(account.tags.values()), 50, out, t -> {
                ObjectNode n = items.addObject().put("tag_id", t.tagId).put("name", t.name);
                if (counts) {
                    n.put("contacts_count", account.contacts.values().stream()
                            .filter(c -> !c.isDeleted() && c.taggings.contains(t.tagId)).count());
                }
                n.put("created_at", time(t.createdAt)).put("updated_at", time(t.updatedAt)).put("tag_source", t.tagSource);
            });
            return SandboxResponse.json(200, out);
        }
    }

    private SandboxResponse createTag(Router.Call call) {
        String name = call.body().path("name").asText("").trim();
        synchronized (account) {
            if (account.tags.values().stream().anyMatch(t -> t.name.equalsIgnoreCase(name))) {
                throw ApiError.conflict("tag " + name + " already exists");
            }
            Instant now = clock.now();
            Tag t = new Tag();
            t.seq = account.nextSeq();
            t.tagId = Account.newId();
            t.name = name;
            t.tagSource = call.body().path("tag_source").asText("Contact");
            t.createdAt = now;
            t.updatedAt = now;
            account.tags.put(t.tagId, t);
            account.touch(Account.TAG, t.tagId);
            return SandboxResponse.json(201, SandboxJson.object().put("tag_id", t.tagId).put("name", t.name)
                    .put("created_at", time(now)).put("updated_at", time(now)).put("tag_source", t.tagSource));
        }
    }
}
