package io.contactsync.state;

import java.util.List;

/**
 * One page of dead letters, newest parked first.
 *
 * @param page     1-based
 * @param total    how many match the filter on every page
 */
public record DeadLetterPage(List<DeadLetterEntry> entries, int page, int pageSize, long total) {

    public DeadLetterPage {
        entries = List.copyOf(entries);
    }

    public int pages() {
        return total == 0 ? 1 : (int) ((total + pageSize - 1) / pageSize);
    }
}
