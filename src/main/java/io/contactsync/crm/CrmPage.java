package io.contactsync.crm;

import java.util.List;

/**
 * One page of CRM changes in {@code (updated_at, id)} order.
 *
 * @param records the changed records, oldest first
 * @param last    the position of the last record (pass it to the next {@code readChanges}); null when empty
 * @param hasMore true when the page was full, so another read may return more
 */
public record CrmPage(List<CrmRecord> records, CrmPosition last, boolean hasMore) {
    public CrmPage {
        records = List.copyOf(records);
    }
}
