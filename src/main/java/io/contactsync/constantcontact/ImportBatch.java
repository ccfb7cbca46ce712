package io.contactsync.constantcontact;

import java.util.List;

/**
 * One JSON import body, already encoded, within Constant Contact's size and row limits.
 *
 * @param body   the request body ({@code import_data} + {@code list_ids})
 * @param emails the rows' e-mails in row order (row n of the activity's errors is {@code emails.get(n-1)})
 * @param bytes  encoded size of {@code body} in UTF-8
 */
public record ImportBatch(String body, List<String> emails, List<String> listIds, int bytes) {
    public ImportBatch {
        emails = List.copyOf(emails);
        listIds = List.copyOf(listIds);
    }
}
