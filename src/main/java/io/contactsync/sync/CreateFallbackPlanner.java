package io.contactsync.sync;

import java.util.Optional;

import io.contactsync.constantcontact.CtctContact;

/**
 * Decides what a create-unsubscribed {@code POST /contacts} that did not create the contact calls for. Pure: the
 * writer looks the contact up and carries the decision out.
 *
 * <p>409: the e-mail is already there (possibly deleted) without a link to the CRM record.
 *
 * <p>Consent first, and never a re-subscribe: a contact that is not unsubscribed yet is unsubscribed (one PUT of the
 * contact just looked up, which holds every core field) before anything else; one that is unsubscribed already stays
 * exactly so. Then the record's fields land through the JSON import, as for any new record whose e-mail Constant
 * Contact knows: the import updates only the fields sent, adds the lists, and never changes consent.
 */
final class CreateFallbackPlanner {

    /**
     * @param plan             the plan to carry on with (an import of the same fields), or the original on failure
     * @param unsubscribeFirst the existing contact to unsubscribe before the import, or null
     * @param failure          why the record cannot go on this cycle, or null
     */
    record Decision(RecordPlan plan, CtctContact unsubscribeFirst, Failure failure) {
    }

    private CreateFallbackPlanner() {
    }

    /**
     * Constant Contact refused the create itself (400: a value the resource form does not take): the record goes
     * the way it went before the create existed, through the JSON import — which lands it or names the refused
     * field, bisected — and is unsubscribed after the read-back. Never lost for a refusal of the shortcut.
     */
    static Decision refused(RecordPlan plan) {
        if (!plan.createsUnsubscribed()) {
            throw new IllegalArgumentException("not a create-unsubscribed plan: CRM record " + plan.crmId());
        }
        return new Decision(plan.asImport(true), null, null);
    }

    /** @param existing the contact {@code GET /contacts?email=…&status=all} found for the plan's e-mail */
    static Decision decide(RecordPlan plan, Optional<CtctContact> existing) {
        if (!plan.createsUnsubscribed()) {
            throw new IllegalArgumentException("not a create-unsubscribed plan: CRM record " + plan.crmId());
        }
        if (existing.isEmpty()) {
            // 409 said the e-mail exists, the look-up found none (it moved meanwhile): try again, never guess.
            return new Decision(plan, null, Failure.transientFailure("Constant Contact answered 409 (the e-mail exists)"
                    + " to the create, but no contact with that e-mail was found; retried later"));
        }
        CtctContact contact = existing.get();
        if (contact.unsubscribed()) {
            return new Decision(plan.asImport(false), null, null);
        }
        return new Decision(plan.asImport(true), contact, null);
    }
}
