package io.contactsync.sandbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Arrays;

/**
 * Constant Contact silently drops whatever follows the first 4 MB of an import body. The sandbox does the same:
 * it cuts the body at {@link #LIMIT} bytes and keeps every top-level property and every {@code import_data} row that
 * was complete before the cut (a property after the cut, such as a trailing {@code list_ids}, is lost too).
 */
final class ImportTruncation {
    static final int LIMIT = 4 * 1024 * 1024;

    private ImportTruncation() {
    }

    static boolean needed(byte[] body) {
        return body.length > LIMIT;
    }

    static ObjectNode repair(byte[] body) {
        byte[] cut = Arrays.copyOf(body, LIMIT);
        ObjectNode out = SandboxJson.object();
        try (JsonParser p = SandboxJson.MAPPER.createParser(cut)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("import_data".equals(name) && value == JsonToken.START_ARRAY) {
                    ArrayNode rows = out.putArray("import_data");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        rows.add((JsonNode) p.readValueAsTree());
                    }
                } else {
                    out.set(name, p.readValueAsTree());
                }
            }
        } catch (IOException e) {
            // The cut landed inside a value: everything complete before it has been kept.
        }
        return out;
    }
}
