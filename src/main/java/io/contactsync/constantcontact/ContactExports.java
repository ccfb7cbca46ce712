package io.contactsync.constantcontact;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.constantcontact.client.CtctHttpClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.vocabulary.Vocabulary;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Learns contact ids in bulk: one {@code contact_exports} activity of the whole account with the five columns a
 * read-back needs, then one download of its CSV file — a handful of requests whatever the number of contacts,
 * where paging {@code GET /contacts} costs one request per 500. Only the rows asked for are kept. A pull's full read
 * uses {@link #export} with its own columns and reads the file itself ({@link FullRead}).
 */
final class ContactExports {

    /** The columns exported: what links a contact and tells whether the import created it. */
    static final List<String> FIELDS = List.of("contact_id", "email_address", "permission_to_send", "created_at",
            "updated_at");

    /**
     * What an export found.
     *
     * @param contacts    the contacts asked for, by lower-case e-mail (id, e-mail, permission, updated_at)
     * @param createdAt   when each of them was created, by lower-case e-mail (absent when the file did not say)
     */
    record Found(Map<String, CtctContact> contacts, Map<String, Instant> createdAt) {
    }

    private final CtctHttpClient http;
    private final ActivityPoller poller;

    ContactExports(CtctHttpClient http, ActivityPoller poller) {
        this.http = http;
        this.poller = poller;
    }

    /** Exports the account and keeps the rows of these (lower-case) e-mails. */
    Found find(Set<String> lowerEmails, long expectedRows) {
        Exported export = export(FIELDS, expectedRows);
        try (Reader in = Files.newBufferedReader(export.file(), StandardCharsets.UTF_8)) {
            return parse(in, lowerEmails);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contact export", e);
        } finally {
            delete(export.file());
        }
    }

    /**
     * An export's file on disk (owner-only temporary file; the caller deletes it with {@link #delete}).
     *
     * @param startedAt when the export activity was created, in Constant Contact's clock (null when not said): the
     *                  file holds no change made after it
     */
    record Exported(Path file, Instant startedAt) {
    }

    /**
     * Exports the account's live contacts with these columns and downloads the file.
     *
     * @throws CtctApiException RETRYABLE when the export did not finish in time or ended other than completed
     */
    Exported export(List<String> fields, long expectedRows) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        fields.forEach(body.putArray("fields")::add);
        String activityId = http.post("/activities/contact_exports", body).path("activity_id").asText();
        Map<String, Activity> ended = poller.awaitAll(Map.of(activityId, (int) Math.min(Integer.MAX_VALUE, expectedRows)));
        Activity a = ended.get(activityId);
        if (a == null) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "contact export " + activityId
                    + " did not finish in time", null, null, null);
        }
        if (!a.succeeded()) {
            throw new CtctApiException(CtctApiException.Kind.RETRYABLE, 0, "contact export " + activityId + " ended "
                    + a.state(), null, null, null);
        }
        return new Exported(download(a), a.createdAt());
    }

    /**
     * The export's file, streamed to a temporary file (an account's export can be hundreds of megabytes): the href
     * Constant Contact gave, or the spec's path when that href is missing or 404s. Deleted again if the download fails.
     */
    private Path download(Activity a) {
        Path file;
        try {
            file = Files.createTempFile("contact-export-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the contact export", e);
        }
        boolean done = false;
        try {
            String specPath = "/contact_exports/" + a.id();
            if (a.resultsHref() == null || a.resultsHref().isBlank()) {
                http.download(specPath, file);
            } else {
                try {
                    http.download(a.resultsHref(), file);
                } catch (CtctApiException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    http.download(specPath, file);
                }
            }
            done = true;
            return file;
        } finally {
            if (!done) {
                delete(file);
            }
        }
    }

    /** Deletes an export's temporary file; a failure is left to the OS, which cleans its temporary folder. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans its folder
        }
    }

    /** The rows of the wanted e-mails. Header names are matched loosely ({@code Email Address} = {@code email_address}). */
    static Found parse(String csv, Set<String> lowerEmails) {
        try {
            return parse(new StringReader(csv == null ? "" : csv), lowerEmails);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contact export", e);
        }
    }

    private static Found parse(Reader csv, Set<String> lowerEmails) throws IOException {
        Map<String, CtctContact> contacts = new HashMap<>();
        Map<String, Instant> created = new HashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Map<String, String> columns = new HashMap<>();
            parser.getHeaderNames().forEach(h -> columns.put(normal(h), h));
            String emailColumn = columns.containsKey("email_address") ? columns.get("email_address") : columns.get("email");
            String idColumn = columns.get("contact_id");
            if (emailColumn == null || idColumn == null) {
                throw new CtctApiException(CtctApiException.Kind.PERMANENT, 0, "the contact export has no "
                        + (emailColumn == null ? "email_address" : "contact_id") + " column (columns: "
                        + parser.getHeaderNames() + ")", null, null, null);
            }
            Set<String> wanted = new HashSet<>(lowerEmails);
            for (CSVRecord row : parser) {
                String email = value(row, emailColumn).toLowerCase(Locale.ROOT);
                if (email.isEmpty() || !wanted.contains(email)) {
                    continue;
                }
                Map<String, String> vocabulary = new HashMap<>();
                vocabulary.put(Vocabulary.EMAIL, value(row, emailColumn));
                String permission = value(row, columns.get("permission_to_send"));
                if (!permission.isEmpty()) {
                    vocabulary.put(Vocabulary.PERMISSION_TO_SEND, permission.toLowerCase(Locale.ROOT));
                }
                contacts.put(email, new CtctContact(value(row, idColumn), vocabulary,
                        instant(value(row, columns.get("updated_at"))), false));
                Instant createdAt = instant(value(row, columns.get("created_at")));
                if (createdAt != null) {
                    created.put(email, createdAt);
                }
            }
        }
        return new Found(contacts, created);
    }

    static String normal(String header) {
        return header.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    static String value(CSVRecord row, String column) {
        if (column == null || !row.isMapped(column) || !row.isSet(column)) {
            return "";
        }
        String v = row.get(column);
        return v == null ? "" : v.trim();
    }

    static Instant instant(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
