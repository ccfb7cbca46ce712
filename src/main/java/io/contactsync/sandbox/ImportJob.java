package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Set;

/**
 * Applies one {@code contacts_json_import} activity, row by row, with the {@link Account} lock held. Matches
 * contacts by e-mail (case-insensitive), creates new ones as {@code implicit} / {@code Account}, updates only the
 * properties sent, revives deleted contacts, and never re-subscribes or re-lists an unsubscribed one (it is counted in
 * {@code cannot_add_to_list_count}). Rows with a missing or invalid e-mail are errors; rows naming an unknown field or
 * custom field, or exceeding the per-contact limits, are correctable errors. Neither kind is imported.
 */
final class ImportJob {
    private final Account account;
    private final Activity activity;
    private final Instant now;
    private int people;
    private int errors;
    private int correctable;
    private int cannotAddToList;

    ImportJob(Account account, Activity activity, Instant now) {
        this.account = account;
        this.activity = activity;
        this.now = now;
    }

    void run() {
        JsonNode rows = activity.request.path("import_data");
        Set<String> lists = ActivityWorker.texts(activity.request.path("list_ids"));
        for (String id : lists) {
            if (!account.lists.containsKey(id)) {
                activity.errors.add("list " + id + " not found; contacts are not added to it");
            }
        }
        lists.retainAll(account.lists.keySet());
        int rowNumber = 0;
        for (JsonNode row : rows) {
            rowNumber++;
            importRow(rowNumber, row, lists);
        }
        activity.status.put("items_total_count", rows.size());
        activity.status.put("person_count", people);
        activity.status.put("error_count", errors);
        activity.status.put("correctable_count", correctable);
        activity.status.put("cannot_add_to_list_count", cannotAddToList);
    }

    private void importRow(int rowNumber, JsonNode row, Set<String> lists) {
        String email = row.path("email").asText("").trim();
        if (email.isEmpty()) {
            errors++;
            activity.errors.add("row " + rowNumber + ": email is required (the sandbox has no SMS channel)");
            return;
        }
        if (!FlatFields.validEmail(email)) {
            errors++;
            activity.errors.add("row " + rowNumber + ": invalid email address " + email);
            return;
        }
        Contact c = account.contactByEmail(email).orElse(null);
        String problem = FlatFields.check(account, c, row);
        if (problem != null) {
            correctable++;
            activity.errors.add("row " + rowNumber + ": " + problem);
            return;
        }
        boolean created = c == null;
        if (created) {
            c = ContactsApi.newContact(account, email, "Account", now);
        }
        boolean changed;
        try {
            changed = FlatFields.apply(account, c, row, "Account", now) | created;
        } catch (ApiError e) {
            correctable++;
            activity.errors.add("row " + rowNumber + ": " + e.getMessage());
            return;
        }
        if (c.isDeleted()) {
            c.deletedAt = null;
            changed = true;
        }
        if (c.isUnsubscribed()) {
            if (!lists.isEmpty()) {
                cannotAddToList++;
            }
        } else {
            changed |= c.lists.addAll(lists);
        }
        if (changed) {
            c.updateSource = "Account";
            c.updatedAt = now;
        }
        people++;
        account.putContact(c);
    }
}
