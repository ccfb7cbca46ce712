package io.contactsync.sandbox;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the sandbox's handlers see it: already read, decoded, and independent of the HTTP server.
 *
 * @param method  upper-case HTTP method
 * @param path    decoded path, e.g. {@code /v3/contacts}
 * @param query   decoded query parameters in order of appearance
 * @param headers header values by lower-case name
 * @param body    raw body bytes (empty array when none)
 * @param remote  address of the client
 */
public record SandboxRequest(String method, String path, Map<String, List<String>> query,
                             Map<String, List<String>> headers, byte[] body, InetAddress remote) {

    /** The first value of a query parameter, if present. */
    public Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a header (case-insensitive name), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses an {@code application/x-www-form-urlencoded} string or a raw query into ordered, decoded parameters. */
    public static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
