package io.contactsync.state;

/**
 * One destructive effect of a held plan: what the guard counted for one record.
 *
 * @param crmId  the CRM record it concerns
 * @param kind   {@code unsubscribe}, {@code delete}, {@code list-removal} or {@code blank}
 * @param detail the field blanked or the list left; empty for an unsubscribe or a delete
 */
public record GuardEffect(String crmId, String kind, String detail) {
    public GuardEffect {
        detail = detail == null ? "" : detail;
    }
}
