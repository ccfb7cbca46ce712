package io.contactsync.constantcontact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.vocabulary.Vocabulary;

/**
 * Splits import rows into JSON import bodies by encoded size and row count. Constant Contact silently drops
 * everything past 4 MB of an import body, so no body this produces exceeds {@code maxBytes} (set below 4 MB
 * with a margin), nor {@code maxRows} rows. Sizes are measured on the exact UTF-8 bytes that will be sent.
 */
public final class ImportBatcher {

    /** A row larger than this is refused before batching (a legitimate row is a few KB at most). */
    public static final int MAX_ROW_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int maxBytes;
    private final int maxRows;

    public ImportBatcher(int maxBytes, int maxRows) {
        if (maxBytes < MAX_ROW_BYTES + 4096) {
            throw new IllegalArgumentException("maxBytes must be at least " + (MAX_ROW_BYTES + 4096));
        }
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
    }

    /** The encoded row, for callers that must check a row before batching it. */
    public static String encodeRow(Map<String, String> row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode import row", e);
        }
    }

    /**
     * Packs rows (each with an {@code email}, at most {@link #MAX_ROW_BYTES} encoded) into bodies that all add
     * their contacts to {@code listIds}.
     */
    public List<ImportBatch> split(List<Map<String, String>> rows, List<String> listIds) {
        String suffix;
        try {
            suffix = "],\"list_ids\":" + JSON.writeValueAsString(listIds) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        String prefix = "{\"import_data\":[";
        int envelope = utf8(prefix) + utf8(suffix);
        List<ImportBatch> out = new ArrayList<>();
        StringBuilder body = new StringBuilder(prefix);
        List<String> emails = new ArrayList<>();
        int bytes = envelope;
        for (Map<String, String> row : rows) {
            String encoded = encodeRow(row);
            int rowBytes = utf8(encoded);
            if (rowBytes > MAX_ROW_BYTES) {
                throw new IllegalArgumentException("import row of " + rowBytes + " bytes exceeds " + MAX_ROW_BYTES);
            }
            int added = rowBytes + (emails.isEmpty() ? 0 : 1);
            if (!emails.isEmpty() && (bytes + added > maxBytes || emails.size() >= maxRows)) {
                out.add(new ImportBatch(body.append(suffix).toString(), emails, listIds, bytes));
                body = new StringBuilder(prefix);
                emails = new ArrayList<>();
                bytes = envelope;
                added = rowBytes;
            }
            if (!emails.isEmpty()) {
                body.append(',');
            }
            body.append(encoded);
            emails.add(row.get(Vocabulary.EMAIL));
            bytes += added;
        }
        if (!emails.isEmpty()) {
            out.add(new ImportBatch(body.append(suffix).toString(), emails, listIds, bytes));
        }
        return out;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
