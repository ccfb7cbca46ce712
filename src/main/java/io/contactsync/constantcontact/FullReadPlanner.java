package io.contactsync.constantcontact;

/**
 * Chooses how a {@code ctct-to-crm} pass reads the contacts updated since its checkpoint, by estimated cost in
 * requests. Pure.
 *
 * <ul>
 *   <li>{@link Way#PAGES}: {@code GET /contacts?updated_after=}, one request per page: cheapest for a delta of a
 *       few pages, and the only way when a mapped field has no faithful export column or the account is larger
 *       than {@code exportMaxRows}.</li>
 *   <li>{@link Way#EXPORT}: one {@code contact_exports} file of the whole account (live contacts), filtered by
 *       {@code updated_at} while it is read, plus a page of the deleted contacts: about
 *       {@value #EXPORT_FIXED_CALLS} requests whatever the number, plus one per {@value #EXPORT_ROWS_PER_CALL} rows
 *       of file (the file is the whole account, so a small delta in a large account still pages).</li>
 * </ul>
 */
public final class FullReadPlanner {

    /** The export's POST, about two polls, the file, the deleted contacts' page and the account's count. */
    public static final int EXPORT_FIXED_CALLS = ReadBackPlanner.EXPORT_CALLS + 2;
    /** Rows of export file that cost about what one request does (time and bytes): a CSV row is ~250 bytes. */
    public static final long EXPORT_ROWS_PER_CALL = 50_000;

    public enum Way { PAGES, EXPORT }

    private FullReadPlanner() {
    }

    /**
     * @param toRead        contacts the pass will read (the first page's {@code contacts_count}); negative: unknown
     * @param accountSize   contacts in the account (at least {@code toRead}); negative: unknown
     * @param pageSize      contacts per page
     * @param exportMaxRows the largest account read through one export (0: never)
     * @param exportable    whether every field the pass maps to the CRM has a faithful export column
     */
    public static Way choose(long toRead, long accountSize, int pageSize, long exportMaxRows, boolean exportable) {
        if (!exportable || exportMaxRows <= 0 || toRead < 0 || accountSize < 0 || accountSize > exportMaxRows) {
            return Way.PAGES;
        }
        return pagesAfterFirst(toRead, pageSize) > exportCalls(accountSize) ? Way.EXPORT : Way.PAGES;
    }

    /** Requests paging costs beyond the first page (which the count came with). */
    static long pagesAfterFirst(long toRead, int pageSize) {
        long pages = (toRead + pageSize - 1) / Math.max(1, pageSize);
        return Math.max(0, pages - 1);
    }

    /** What an export of an account this size costs, in requests. */
    static long exportCalls(long accountSize) {
        return EXPORT_FIXED_CALLS + (accountSize + EXPORT_ROWS_PER_CALL - 1) / EXPORT_ROWS_PER_CALL;
    }
}
