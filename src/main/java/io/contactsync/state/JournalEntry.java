package io.contactsync.state;

import java.time.Instant;

/**
 * One write the engine made to a contact, as the journal keeps it (table {@code journal}, docs/journal.md).
 * Values are personal data: they are stored here like snapshots are, shown by {@code explain}, never logged.
 *
 * @param id        the row's id once stored (0 before)
 * @param runId     the run that made the write (null when unknown)
 * @param flow      {@code crm-to-ctct} or {@code ctct-to-crm}
 * @param at        when it was committed (null before: the commit stamps it)
 * @param crmId     the CRM record's id (null when not known yet)
 * @param contactId the Constant Contact contact id (null when not known yet)
 * @param email     the contact's e-mail at that write, lower case
 * @param field     a vocabulary field, or a pseudo-field: {@code email}, {@code lists}, {@code consent}, {@code contact}
 * @param before    the value before the write (null: none)
 * @param after     the value after it (null: none)
 * @param why       a short code: {@code crm-edit}, {@code ctct-edit}, {@code conflict:newest-wins}, {@code crm-opt-out},
 *                  {@code ctct-opt-out}, {@code email-change}, {@code create}, {@code link}, {@code delete-policy:flag}, …
 * @param detail    optional plain text (the losing side's edit time of a conflict, …)
 */
public record JournalEntry(long id, Long runId, String flow, Instant at, String crmId, String contactId, String email,
                           String field, String before, String after, String why, String detail) {

    /** An entry to write: no id, stamped at commit. */
    public static JournalEntry of(Long runId, String flow, String crmId, String contactId, String email, String field,
                                  String before, String after, String why, String detail) {
        return new JournalEntry(0, runId, flow, null, crmId, contactId, email, field, before, after, why, detail);
    }

    /** The same entry for another run (the flows stamp the run id when they commit). */
    public JournalEntry withRun(Long run) {
        return new JournalEntry(id, run, flow, at, crmId, contactId, email, field, before, after, why, detail);
    }
}
