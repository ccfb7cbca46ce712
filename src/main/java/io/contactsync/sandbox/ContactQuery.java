package io.contactsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters of {@code GET /contacts} and its cursors. A cursor is base64url of the original query string plus
 * {@code next=<sequence>} (like Constant Contact's, which decode to {@code limit=1&next=2&updated_after=…}); a request
 * with a cursor uses only the cursor's query. Paging is a keyset on the insertion sequence, so it stays stable while
 * contacts change. All {@code *_after} bounds are exclusive ({@code >}) and all {@code *_before} bounds exclusive
 * ({@code <}).
 */
record ContactQuery(Map<String, String> params, Set<String> statuses, String email, Set<String> lists,
                    Set<String> tags, Instant updatedAfter, Instant updatedBefore, Instant createdAfter,
                    Instant createdBefore, Instant optoutAfter, Instant optoutBefore, Set<String> include,
                    Set<String> smsStatus, int limit, boolean includeCount, long after) {

    /** Thrown for an unreadable cursor or parameter; the caller answers 400. */
    static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }

    static ContactQuery from(SandboxRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        String cursor = request.param("cursor").orElse(null);
        if (cursor != null) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadQuery("cursor is not valid");
            }
            SandboxRequest.parseForm(decoded).forEach((k, v) -> params.put(k, v.get(0)));
            if (!params.containsKey("next")) {
                throw new BadQuery("cursor is not valid");
            }
        } else {
            request.query().forEach((k, v) -> params.put(k, v.get(0)));
        }
        long after;
        try {
            after = Long.parseLong(params.getOrDefault("next", "0"));
        } catch (NumberFormatException e) {
            throw new BadQuery("cursor is not valid");
        }
        params.remove("next");
        return new ContactQuery(params, csv(params.get("status")), params.get("email"), csv(params.get("lists")),
                csv(params.get("tags")), time(params, "updated_after"), time(params, "updated_before"),
                time(params, "created_after"), time(params, "created_before"), time(params, "optout_after"),
                time(params, "optout_before"), csvOrEmpty(params.get("include")), csv(params.get("sms_status")),
                Integer.parseInt(params.getOrDefault("limit", "50")), Boolean.parseBoolean(params.get("include_count")),
                after);
    }

    /** Whether a contact passes every filter (paging aside). */
    boolean matches(Contact c) {
        return statusMatches(c)
                && (email == null || email.equalsIgnoreCase(c.email))
                && (lists == null || lists.stream().anyMatch(c.lists::contains))
                && (tags == null || tags.stream().anyMatch(c.taggings::contains))
                && window(c.updatedAt, updatedAfter, updatedBefore)
                && window(c.createdAt, createdAfter, createdBefore)
                && ((optoutAfter == null && optoutBefore == null)
                    || (c.optOutDate != null && c.isUnsubscribed() && window(c.optOutDate, optoutAfter, optoutBefore)))
                // The sandbox has no SMS channels: every contact's SMS status is not_set.
                && (smsStatus == null || smsStatus.contains("all") || smsStatus.contains("not_set"));
    }

    private boolean statusMatches(Contact c) {
        if (statuses == null) {
            return !c.isDeleted();
        }
        return statuses.contains("all") || statuses.contains(c.status());
    }

    /** The href of the page after the contact with sequence {@code lastSeq}. */
    String nextHref(long lastSeq) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("cursor")) {
                q.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        q.append("next=").append(lastSeq);
        if (!params.containsKey("limit")) {
            q.insert(0, "limit=" + limit + "&");
        }
        return "/v3/contacts?cursor=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(q.toString().getBytes(StandardCharsets.UTF_8));
    }


    private static boolean window(Instant t, Instant after, Instant before) {
        if (after != null && (t == null || !t.isAfter(after))) {
            return false;
        }
        return before == null || (t != null && t.isBefore(before));
    }

    private static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> csvOrEmpty(String value) {
        Set<String> s = csv(value);
        return s == null ? Set.of() : s;
    }

    static Instant time(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadQuery(name + " is not an ISO-8601 date-time: " + v);
        }
    }

}
