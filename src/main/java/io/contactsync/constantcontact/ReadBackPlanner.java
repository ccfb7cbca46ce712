package io.contactsync.constantcontact;

/**
 * Chooses how a read-back learns the contacts behind imported e-mails, by estimated cost in requests. Pure.
 *
 * <ul>
 *   <li>{@link Way#EXPORT}: one {@code contact_exports} activity and its file — about {@value #EXPORT_CALLS} requests
 *       whatever the number, and the only way that also finds contacts an import left unchanged (a first sync
 *       against an account that already holds them). Its file holds the whole account, so it is chosen only for an
 *       account of at most {@code exportMaxRows} contacts.</li>
 *   <li>{@link Way#PAGES}: {@code GET /contacts?updated_after=<import start>}, 500 a request: cheapest for a few
 *       hundred e-mails.</li>
 *   <li>{@link Way#LOOKUPS}: one {@code GET /contacts?email=} per e-mail: for a handful, or when nothing else can
 *       be used.</li>
 * </ul>
 */
public final class ReadBackPlanner {

    /** Requests an export costs: its POST, about two polls, and the file. */
    public static final int EXPORT_CALLS = 4;

    public enum Way { EXPORT, PAGES, LOOKUPS }

    private ReadBackPlanner() {
    }

    /**
     * The first way to try.
     *
     * @param emails          e-mails to find
     * @param importTimeKnown whether the imports' start is known (paging by {@code updated_after} needs it)
     * @param accountEstimate about how many contacts the account holds
     * @param exportMaxRows   the largest account read through one export (0: never)
     */
    public static Way firstPass(int emails, boolean importTimeKnown, long accountEstimate, long exportMaxRows) {
        boolean exportable = exportMaxRows > 0 && accountEstimate <= exportMaxRows;
        if (exportable && pages(emails, importTimeKnown) > EXPORT_CALLS) {
            return Way.EXPORT;
        }
        return importTimeKnown && emails > 0 ? Way.PAGES : Way.LOOKUPS;
    }

    /** After a pass over updated contacts: whether the e-mails still missing are cheaper found by an export. */
    public static boolean exportForMissing(int missing, long accountEstimate, long exportMaxRows) {
        return exportMaxRows > 0 && accountEstimate <= exportMaxRows && missing > EXPORT_CALLS;
    }

    /** Requests a paging read-back would take at least (one look-up per e-mail without the import's start). */
    static long pages(int emails, boolean importTimeKnown) {
        if (!importTimeKnown) {
            return emails;
        }
        return (emails + CtctLimits.MAX_CONTACTS_PER_PAGE - 1L) / CtctLimits.MAX_CONTACTS_PER_PAGE;
    }
}
