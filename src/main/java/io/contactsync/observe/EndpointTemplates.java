package io.contactsync.observe;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a request path of the V3 API into its template, for a metric label: {@code GET /contacts/4f1c...} becomes
 * {@code GET /contacts/{contact_id}}. A label must never carry an id, an e-mail address or a query value, so the
 * rule is a whitelist: a path matches one of the templates below (a literal segment exactly, a {@code {name}}
 * segment anything), and a path matching none is {@code other} with its method. The query is never looked at.
 */
public final class EndpointTemplates {

    /** The V3 paths the engine uses (and their neighbours), as in the API reference. Literals win over variables. */
    static final List<String> TEMPLATES = List.of(
            "/account/summary",
            "/account/emails",
            "/account/user/privileges",
            "/contacts",
            "/contacts/counts",
            "/contacts/sign_up_form",
            "/contacts/contact_id_xrefs",
            "/contacts/{contact_id}",
            "/contacts/resubscribe/{contact_id}",
            "/contact_lists",
            "/contact_lists/list_id_xrefs",
            "/contact_lists/{list_id}",
            "/contact_custom_fields",
            "/contact_custom_fields/{custom_field_id}",
            "/contact_tags",
            "/contact_tags/{tag_id}",
            "/activities",
            "/activities/contact_exports",
            "/activities/contact_delete",
            "/activities/contacts_file_import",
            "/activities/contacts_json_import",
            "/activities/remove_list_memberships",
            "/activities/add_list_memberships",
            "/activities/list_delete",
            "/activities/custom_fields_delete",
            "/activities/{activity_id}",
            "/contact_exports/{file_export_id}");

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private EndpointTemplates() {
    }

    /**
     * @param method the HTTP method (anything else than the standard ones becomes {@code OTHER})
     * @param path   the path relative to the API base ({@code /v3} already removed; a leading {@code /v3} is
     *               removed here too), with or without a query
     */
    public static String of(String method, String path) {
        String m = method == null ? "OTHER" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            m = "OTHER";
        }
        return m + " " + template(path);
    }

    static String template(String path) {
        if (path == null) {
            return "other";
        }
        int query = path.indexOf('?');
        String p = query >= 0 ? path.substring(0, query) : path;
        int fragment = p.indexOf('#');
        p = fragment >= 0 ? p.substring(0, fragment) : p;
        if (p.startsWith("/v3/") || p.equals("/v3")) {
            p = p.substring(3);
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] segments = p.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String t : TEMPLATES) {
            int literals = match(t.split("/", -1), segments);
            if (literals > bestLiterals) {
                best = t;
                bestLiterals = literals;
            }
        }
        return best == null ? "other" : best;
    }

    /** The number of literal segments when {@code template} matches, -1 when it does not. */
    private static int match(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{")) {
                if (segments[i].isEmpty()) {
                    return -1;
                }
            } else if (t.equals(segments[i])) {
                literals++;
            } else {
                return -1;
            }
        }
        return literals;
    }
}
