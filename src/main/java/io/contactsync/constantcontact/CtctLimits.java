package io.contactsync.constantcontact;

import java.util.ArrayList;
import java.util.List;

/**
 * Constant Contact's documented limits that shape the engine's requests (see {@code CONTACT-SYNC-API.md}):
 * the only place outside the client that may know them is a planner checking a record before it is sent.
 */
public final class CtctLimits {

    /** {@code contact_delete} and {@code remove_list_memberships} take at most this many contact ids each. */
    public static final int IDS_PER_ACTIVITY = 500;
    /** The JSON import refuses an {@code email} longer than this. */
    public static final int MAX_IMPORT_EMAIL_LENGTH = 50;
    /** {@code GET /contacts} returns at most this many contacts per page. */
    public static final int MAX_CONTACTS_PER_PAGE = 500;

    private CtctLimits() {
    }

    /** Splits a list into consecutive chunks that one bulk activity accepts. */
    public static <T> List<List<T>> activityChunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += IDS_PER_ACTIVITY) {
            chunks.add(List.copyOf(items.subList(i, Math.min(items.size(), i + IDS_PER_ACTIVITY))));
        }
        return chunks;
    }
}
