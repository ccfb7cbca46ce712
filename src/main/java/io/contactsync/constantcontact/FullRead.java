package io.contactsync.constantcontact;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.constantcontact.transport.CtctApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ctct-to-crm} pass's read of the contacts updated after its checkpoint, chunk by chunk, the way
 * {@link FullReadPlanner} chose from the first page's {@code contacts_count}: the pages of
 * {@code GET /contacts?updated_after=}, or one {@code contact_exports} file streamed from disk in chunks of a page
 * (rows not updated after the pass's start skipped, as the query would), then the pages of the deleted contacts
 * (an export holds live contacts only). An export that cannot be had or lacks a column falls back to the pages, with
 * a warning; quota and authorization errors are thrown. Close it when the pass ends: that deletes the file.
 */
public final class FullRead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FullRead.class);
    /** What was warned about already (a missing column, an unexportable field): once per process, not per pass. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    /** Constant Contact's timestamps have whole seconds. */
    private static final long TIME_RESOLUTION_SECONDS = 1;

    /** What the read needs of the client: a page by query or href, as {@link ContactPage} plus its count. */
    interface Pages {
        JsonNode get(String pathAndQuery);

        JsonNode getHref(String href);

        ContactPage page(JsonNode json);

        /** Constant Contact's clock, as its latest answer told. */
        Optional<Instant> serverNow();
    }

    private final Pages pages;
    private final Instant after;
    private final int pageSize;
    private FullReadPlanner.Way way = FullReadPlanner.Way.PAGES;
    private ContactPage firstPage;
    private String nextHref;
    private boolean started;
    private ExportFile export;
    private Instant exportStartedAt;
    /** In the export's deleted-contacts part: null before it, then the cursor (or "" once the last page was read). */
    private String deletedNext;
    private boolean deletedStarted;

    private FullRead(Pages pages, Instant after, int pageSize) {
        this.pages = pages;
        this.after = after;
        this.pageSize = pageSize;
    }

    /**
     * Reads the first page (with its count) and, when the planner says so, exports the account.
     *
     * @param vocabularyFields the fields the pass maps to the CRM (each must have a faithful export column)
     */
    static FullRead start(Pages pages, ContactExports exports, Instant after, int pageSize, Set<String> vocabularyFields,
                          long exportMaxRows) {
        FullRead read = new FullRead(pages, after, pageSize);
        JsonNode first = pages.get(query("all", after, pageSize) + "&include_count=true");
        read.firstPage = pages.page(first);
        long toRead = first.path("contacts_count").asLong(-1);
        if (read.firstPage.nextHref() == null || exportMaxRows <= 0) {
            return read; // one page holds the whole pass, or exports are off
        }
        // The account is at least what the pass reads (every status): if even that is not worth an export, page.
        if (FullReadPlanner.choose(toRead, toRead, pageSize, exportMaxRows, true) != FullReadPlanner.Way.EXPORT) {
            return read;
        }
        ExportColumns.Columns columns = ExportColumns.of(vocabularyFields);
        if (!columns.exportable()) {
            // Said once: with such a mapping every large pass pages, and that is by design, not a fault.
            warnOnce("unexportable:" + columns.unexportable(), "ctct-to-crm reads " + toRead + " contacts by pages, not"
                    + " one contact export: no export column carries the mapped field(s) " + columns.unexportable()
                    + " faithfully");
            return read;
        }
        long account = toRead;
        if (after != null) {
            // A delta: the file holds the whole account, so its size decides too (one more counted request).
            account = pages.get(query("all", null, 1) + "&include_count=true").path("contacts_count").asLong(-1);
            if (FullReadPlanner.choose(toRead, account, pageSize, exportMaxRows, true) != FullReadPlanner.Way.EXPORT) {
                return read;
            }
        }
        read.export(exports, columns, account, toRead);
        return read;
    }

    private void export(ContactExports exports, ExportColumns.Columns columns, long account, long toRead) {
        Optional<Instant> beforePost = pages.serverNow();
        ContactExports.Exported file;
        try {
            file = exports.export(columns.fields(), account);
        } catch (CtctApiException e) {
            if (e.kind() != CtctApiException.Kind.RETRYABLE && e.kind() != CtctApiException.Kind.PERMANENT) {
                throw e; // quota, authorization: the cycle stops
            }
            LOG.warn("ctct-to-crm: the contact export failed ({}); reading {} contacts by pages instead",
                    ErrorText.redact(e.getMessage()), toRead);
            return;
        }
        try {
            export = ExportFile.open(file.file(), columns.header());
        } catch (ExportFile.MissingColumns e) {
            warnOnce("missing:" + e.getMessage(), "ctct-to-crm reads by pages: " + e.getMessage()
                    + " (reading it would blank that field in the CRM)");
            return;
        }
        exportStartedAt = file.startedAt() != null ? file.startedAt() : beforePost.orElse(null);
        way = FullReadPlanner.Way.EXPORT;
        LOG.info("ctct-to-crm: reading {} updated contacts of {} from one contact export", toRead, account);
    }

    public FullReadPlanner.Way way() {
        return way;
    }

    /**
     * The latest checkpoint this pass may commit: an export holds no change made after it began, so a checkpoint
     * past that could skip a contact edited while the file was read. One second before the export's
     * {@code created_at}: Constant Contact's times are whole seconds, so an edit in that same second may be missing
     * from the file and must stay after the checkpoint (the next pass reads strictly after it). Empty when paging.
     */
    public Optional<Instant> checkpointCap() {
        return way == FullReadPlanner.Way.EXPORT && exportStartedAt != null
                ? Optional.of(exportStartedAt.minusSeconds(TIME_RESOLUTION_SECONDS)) : Optional.empty();
    }

    /** The next chunk: a page of contacts, every status. */
    public ContactPage next() {
        if (way == FullReadPlanner.Way.PAGES) {
            ContactPage page = started ? pages.page(pages.getHref(nextHref)) : firstPage;
            started = true;
            nextHref = page.nextHref();
            return page;
        }
        if (export.hasNext()) {
            return new ContactPage(export.next(pageSize, after), null);
        }
        ContactPage deleted = deletedStarted ? pages.page(pages.getHref(deletedNext))
                : pages.page(pages.get(query("deleted", after, pageSize)));
        deletedStarted = true;
        deletedNext = deleted.nextHref();
        return deleted;
    }

    /** Whether a chunk is left to read. */
    public boolean more() {
        if (way == FullReadPlanner.Way.PAGES) {
            return !started || nextHref != null;
        }
        return export.hasNext() || !deletedStarted || deletedNext != null;
    }

    /** Deletes the export's file, if any. */
    @Override
    public void close() {
        if (export != null) {
            export.close();
        }
    }

    private static String query(String status, Instant after, int limit) {
        return "/contacts?status=" + status + "&include=" + enc(CtctClient.CONTACT_INCLUDE) + "&limit=" + limit
                + (after == null ? "" : "&updated_after=" + enc(after.toString()));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void warnOnce(String key, String message) {
        if (WARNED.add(key)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }
}
