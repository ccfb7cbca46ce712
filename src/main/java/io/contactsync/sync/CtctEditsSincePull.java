package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which contacts Constant Contact changed since ctct-to-crm last read it. Constant Contact's import has no "if
 * unchanged" condition, so this look before the write is how a push avoids overwriting an edit made there since the
 * last pull (the planner defers such contacts; ctct-to-crm merges them first). Bounded: beyond {@link #MAX} changed
 * contacts ctct-to-crm is far behind, and the push goes on without the check.
 */
final class CtctEditsSincePull {

    private static final Logger LOG = LoggerFactory.getLogger(CtctEditsSincePull.class);
    static final int MAX = 10_000;

    private CtctEditsSincePull() {
    }

    /** @param since ctct-to-crm's checkpoint minus the overlap; null before its first checkpoint (every contact) */
    static Map<String, Instant> read(CtctClient ctct, Instant since) {
        Map<String, Instant> edits = new HashMap<>();
        ContactPage page = ctct.contactsUpdatedAfter(since, CtctLimits.MAX_CONTACTS_PER_PAGE);
        while (true) {
            page.contacts().forEach(contact -> edits.put(contact.contactId(), contact.updatedAt()));
            if (edits.size() > MAX) {
                LOG.warn("crm-to-ctct: more than {} contacts changed in Constant Contact since the last pull; run ctct-to-crm"
                        + " first (sync runs it first) — this cycle pushes without the check", MAX);
                return Map.of();
            }
            if (page.nextHref() == null) {
                return edits;
            }
            page = ctct.nextContacts(page.nextHref());
        }
    }
}
