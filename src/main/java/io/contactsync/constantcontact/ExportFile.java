package io.contactsync.constantcontact;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.contactsync.vocabulary.Vocabulary;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A downloaded {@code contact_exports} file read row by row (never whole: an account's file can be hundreds of
 * megabytes), each row turned into the same {@link CtctContact} vocabulary {@link ContactResourceReader} makes of a
 * contact resource: an empty cell is an absent field, phones go by kind ({@code home} also as {@code phone}),
 * custom fields as {@code cf:<name>}, lists sorted and comma-joined. Closing it deletes the file.
 */
final class ExportFile implements AutoCloseable {

    /** The downloaded header lacks columns the pass needs: reading it would blank those fields in the CRM. */
    static final class MissingColumns extends RuntimeException {
        MissingColumns(List<String> missing) {
            super("the contact export has no column " + String.join(", ", missing));
        }
    }

    private final Path file;
    private final Reader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    /** Normalised column name ({@code email_address}, {@code cf:tier}) to the header as written. */
    private final Map<String, String> columns = new HashMap<>();
    private final List<String> customFieldColumns = new ArrayList<>();

    private ExportFile(Path file, Reader reader, CSVParser parser) {
        this.file = file;
        this.reader = reader;
        this.parser = parser;
        this.rows = parser.iterator();
        for (String h : parser.getHeaderNames()) {
            columns.put(normal(h), h);
            if (normal(h).startsWith(Vocabulary.CUSTOM_FIELD_PREFIX)) {
                customFieldColumns.add(h);
            }
        }
    }

    /**
     * Opens the file and checks its header; the file is deleted if it cannot be used.
     *
     * @throws MissingColumns when a column of {@code expectedHeader} is not in the file
     */
    static ExportFile open(Path file, List<String> expectedHeader) {
        Reader reader = null;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true).get(); // values as written: the JSON read does not trim them either
            ExportFile export = new ExportFile(file, reader, CSVParser.parse(reader, format));
            List<String> missing = expectedHeader.stream().filter(c -> !export.columns.containsKey(normal(c))).toList();
            if (!missing.isEmpty()) {
                export.close();
                throw new MissingColumns(missing);
            }
            return export;
        } catch (IOException e) {
            closeQuietly(reader);
            ContactExports.delete(file);
            throw new UncheckedIOException("cannot read the contact export", e);
        }
    }

    /**
     * The next contacts updated strictly after {@code after} (all of them when null), at most {@code limit}; rows
     * without {@code updated_at} are kept (reading a contact again changes nothing).
     */
    List<CtctContact> next(int limit, Instant after) {
        List<CtctContact> out = new ArrayList<>();
        try {
            while (out.size() < limit && rows.hasNext()) {
                CtctContact c = contact(rows.next());
                if (after == null || c.updatedAt() == null || c.updatedAt().isAfter(after)) {
                    out.add(c);
                }
            }
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read the contact export", e.getCause());
        }
        return out;
    }

    boolean hasNext() {
        return rows.hasNext();
    }

    private CtctContact contact(CSVRecord row) {
        Map<String, String> v = new TreeMap<>();
        put(v, Vocabulary.EMAIL, cell(row, "email_address"));
        put(v, Vocabulary.PERMISSION_TO_SEND, cell(row, "permission_to_send"));
        for (String f : ContactResourceReader.CORE) {
            put(v, f, cell(row, f));
        }
        put(v, "birthday_month", cell(row, "birthday_month"));
        put(v, "birthday_day", cell(row, "birthday_day"));
        phones(v, cell(row, ExportColumns.PHONES));
        for (String h : customFieldColumns) {
            put(v, Vocabulary.CUSTOM_FIELD_PREFIX + h.trim().substring(Vocabulary.CUSTOM_FIELD_PREFIX.length()),
                    raw(row, h));
        }
        String lists = cell(row, "list_memberships");
        if (!lists.isEmpty()) {
            List<String> ids = new ArrayList<>(Arrays.stream(lists.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            Collections.sort(ids);
            put(v, Vocabulary.LIST_IDS, String.join(",", ids));
        }
        return new CtctContact(cell(row, "contact_id"), v, ContactExports.instant(cell(row, "updated_at")), false);
    }

    /** {@code kind:number} pairs, comma-joined; a comma inside a number stays with it (a pair starts with a kind). */
    private static void phones(Map<String, String> v, String cell) {
        if (cell.isEmpty()) {
            return;
        }
        for (String pair : cell.split(",(?=\\s*[A-Za-z_]+:)")) {
            int colon = pair.indexOf(':');
            String kind = colon < 0 ? "other" : pair.substring(0, colon).trim();
            String number = colon < 0 ? pair : pair.substring(colon + 1);
            put(v, ContactResourceReader.PHONE_FIELD_BY_KIND.getOrDefault(kind, "other_phone"), number);
            if (ContactResourceReader.DEFAULT_PHONE_KIND.equals(kind)) {
                put(v, "phone", number);
            }
        }
    }

    private String cell(CSVRecord row, String column) {
        return raw(row, columns.get(column));
    }

    private static String raw(CSVRecord row, String column) {
        if (column == null || !row.isMapped(column) || !row.isSet(column)) {
            return "";
        }
        String v = row.get(column);
        return v == null ? "" : v;
    }

    private static void put(Map<String, String> v, String field, String value) {
        if (value != null && !value.isEmpty()) {
            v.put(field, value);
        }
    }

    private static String normal(String header) {
        String h = header.trim();
        return h.startsWith(Vocabulary.CUSTOM_FIELD_PREFIX) ? h : ContactExports.normal(h);
    }

    /** Closes the file and deletes it. */
    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // read-only file about to be deleted
        }
        closeQuietly(reader);
        ContactExports.delete(file);
    }

    private static void closeQuietly(Reader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only file about to be deleted
        }
    }
}
