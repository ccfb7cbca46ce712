package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Paging of the small collections (activities, lists, custom fields, tags): {@code limit} items per page and a
 * {@code _links.next.href} with a cursor that carries the query and an offset. These collections change rarely, so an
 * offset is good enough here (contacts use a keyset, see {@link ContactQuery}).
 */
final class CatalogPage {
    private CatalogPage() {
    }

    static <T> void page(SandboxRequest request, String path, List<T> all, int defaultLimit, ObjectNode out, Consumer<T> add) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        request.query().forEach((k, v) -> params.put(k, v.get(0)));
        String cursor = params.remove("cursor");
        if (cursor != null) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                SandboxRequest.parseForm(decoded).forEach((k, v) -> params.put(k, v.get(0)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("cursor is not valid");
            }
        }
        int offset;
        int limit;
        try {
            offset = Integer.parseInt(params.getOrDefault("next", "0"));
            limit = Integer.parseInt(params.getOrDefault("limit", String.valueOf(defaultLimit)));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("cursor is not valid");
        }
        int end = Math.min(all.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            add.accept(all.get(i));
        }
        if (end < all.size()) {
            String q = "limit=" + limit + "&next=" + end;
            out.putObject("_links").putObject("next").put("href", path + "?cursor="
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(q.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
