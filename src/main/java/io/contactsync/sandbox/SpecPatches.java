package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Repairs the documented defects of Constant Contact's official swagger file (CONTACT-SYNC-API.md §0) on the parsed
 * tree, at load time; the file itself is never edited. Each patch fixes something that would make a request the real
 * API accepts fail validation (or, for the paging parameters, something the real API uses but the spec omits).
 */
final class SpecPatches {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpecPatches() {
    }

    /** Applies every patch to {@code spec} (a swagger 2.0 tree) and returns it. */
    static ObjectNode apply(ObjectNode spec) {
        ObjectNode paths = (ObjectNode) spec.get("paths");
        ObjectNode defs = (ObjectNode) spec.get("definitions");
        csvEnumsToArrays(paths);
        tagsAsUuidList(op(paths, "/contacts", "get"));
        fixZeroMaxItems(defs);
        fixLimits(paths);
        addCursorParameters(paths);
        renameHomeCountry(defs);
        allowCustomFieldKeys(defs);
        requireCreateSource(defs);
        splitAndSecurity(op(paths, "/contact_tags", "get"));
        return spec;
    }

    /**
     * Defect 1: {@code status}, {@code include} and {@code sms_status} are {@code type: string, format: csv} with an
     * enum, so {@code status=active,unsubscribed} fails. Swagger 2.0 says this as an array with collectionFormat csv.
     * {@code include} also gets {@code sms_channel}, which the API accepts since March 2023 (release notes).
     */
    private static void csvEnumsToArrays(ObjectNode paths) {
        for (String[] target : List.of(new String[] {"/contacts", "status"}, new String[] {"/contacts", "include"},
                new String[] {"/contacts", "sms_status"}, new String[] {"/contacts/{contact_id}", "include"})) {
            ObjectNode p = param(op(paths, target[0], "get"), target[1]);
            ArrayNode values = ((ArrayNode) p.remove("enum"));
            if ("include".equals(target[1])) {
                values.add("sms_channel");
            }
            p.remove("format");
            p.remove("default");
            p.put("type", "array").put("collectionFormat", "csv");
            p.putObject("items").put("type", "string").set("enum", values);
        }
    }

    /** Defect 2: {@code tags} is a comma list of tag ids, not one uuid. */
    private static void tagsAsUuidList(ObjectNode getContacts) {
        ObjectNode p = param(getContacts, "tags");
        p.remove("format");
        p.put("type", "array").put("collectionFormat", "csv").put("maxItems", 50);
        p.putObject("items").put("type", "string").put("format", "uuid");
    }

    /** Defect 3: {@code maxItems: 0} makes remove_list_memberships unusable; restore the documented limits. */
    private static void fixZeroMaxItems(ObjectNode defs) {
        ObjectNode remove = (ObjectNode) defs.get("ListActivityRemoveContacts").get("properties");
        ((ObjectNode) remove.get("list_ids")).put("maxItems", 50);
        ObjectNode removeSource = (ObjectNode) remove.get("source").get("properties");
        ((ObjectNode) removeSource.get("list_ids")).put("maxItems", 50);
        ((ObjectNode) removeSource.get("contact_ids")).put("maxItems", 500);
        ((ObjectNode) removeSource.get("tag_ids")).put("maxItems", 50);
        ObjectNode addSource = (ObjectNode) defs.get("ListActivityAddContacts").get("properties").get("source").get("properties");
        ((ObjectNode) addSource.get("tag_ids")).put("maxItems", 50);
        ((ObjectNode) defs.get("CustomFieldId100").get("properties").get("custom_field_ids")).put("maxItems", 100);
    }

    /** Defect 4: tag {@code limit} uses string keywords on an integer; list {@code limit} says 1000 where the text says 500. */
    private static void fixLimits(ObjectNode paths) {
        ObjectNode tagLimit = param(op(paths, "/contact_tags", "get"), "limit");
        tagLimit.remove("maxLength");
        tagLimit.remove("minLength");
        tagLimit.put("minimum", 1).put("maximum", 500);
        param(op(paths, "/contact_lists", "get"), "limit").put("minimum", 1).put("maximum", 500);
    }

    /** Defect 5: the next-page links carry a {@code cursor} parameter that no collection declares. */
    private static void addCursorParameters(ObjectNode paths) {
        for (String path : List.of("/contacts", "/activities", "/contact_lists", "/contact_custom_fields", "/contact_tags")) {
            ArrayNode params = (ArrayNode) op(paths, path, "get").get("parameters");
            params.addObject().put("name", "cursor").put("in", "query").put("required", false).put("type", "string");
        }
    }

    /** Defect 7: {@code "home country"} (with a blank) is {@code home_country}, like every other address key. */
    private static void renameHomeCountry(ObjectNode defs) {
        ObjectNode props = (ObjectNode) defs.get("JsonImportContact").get("properties");
        JsonNode homeCountry = props.remove("home country");
        props.set("home_country", homeCountry);
    }

    /**
     * Not in the defect list but the same family: an import row's {@code cf:<name>} keys are dynamic, and the validator
     * treats undeclared properties as errors. Any extra key must be a string of at most 255 characters (the custom
     * field value limit); the import itself reports keys that are neither known fields nor existing custom fields.
     */
    private static void allowCustomFieldKeys(ObjectNode defs) {
        ObjectNode row = (ObjectNode) defs.get("JsonImportContact");
        ((ObjectNode) row.get("properties")).remove("cf:custom_field_name");
        row.putObject("additionalProperties").put("type", "string").put("maxLength", 255);
    }

    /** Defect 9: the description of POST /contacts requires {@code create_source}, the schema forgot it. */
    private static void requireCreateSource(ObjectNode defs) {
        ObjectNode post = (ObjectNode) defs.get("ContactPostRequest");
        ArrayNode required = post.has("required") ? (ArrayNode) post.get("required") : post.putArray("required");
        required.add("create_source");
    }

    /** Defect 8: one security object with both schemes means AND; Constant Contact means either. */
    private static void splitAndSecurity(ObjectNode getTags) {
        ArrayNode security = F.arrayNode();
        security.addObject().set("oauth2_access_code", F.arrayNode().add("contact_data"));
        security.addObject().set("oauth2_implicit", F.arrayNode().add("contact_data"));
        getTags.set("security", security);
    }

    private static ObjectNode op(ObjectNode paths, String path, String method) {
        JsonNode node = paths.path(path).path(method);
        if (!node.isObject()) {
            throw new IllegalStateException("spec has no " + method + " " + path);
        }
        return (ObjectNode) node;
    }

    private static ObjectNode param(ObjectNode operation, String name) {
        for (JsonNode p : operation.get("parameters")) {
            if (name.equals(p.path("name").asText())) {
                return (ObjectNode) p;
            }
        }
        throw new IllegalStateException("spec operation has no parameter " + name);
    }
}
