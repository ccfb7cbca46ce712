package io.contactsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import io.contactsync.sync.CtctToCrmPages.WrittenPage;

/**
 * The journal entries of one {@code ctct-to-crm} page at its commit ({@link JournalPlanner#pulled}): its final plans
 * that were not parked, each with the CRM record it is linked to now (a created record's new id comes from its
 * write), the link it was planned against and the CRM's values as read.
 */
final class CtctToCrmJournal {

    private CtctToCrmJournal() {
    }

    static List<JournalEntry> entries(WrittenPage page, Long runId, String flow, CrmConnector.DeletePolicy crmDeletePolicy) {
        Map<String, String> writtenCrmIds = new HashMap<>();
        page.written().forEach(l -> writtenCrmIds.put(l.contactId(), l.crmId()));
        Map<String, Map<String, String>> crmBefore = new HashMap<>();
        page.planned().mapped().inputs().forEach(in -> {
            if (in.crmNow() != null) {
                crmBefore.put(in.contact().contactId(), in.crmNow());
            }
        });
        Map<String, LinkedContact> links = page.planned().mapped().loaded().links();
        List<JournalPlanner.Pulled> applied = new ArrayList<>();
        for (CtctChangePlanner.Plan p : page.plans()) {
            if (page.parked().containsKey(p.contactId())) {
                continue;
            }
            String crmId = p.crmId() != null ? p.crmId() : writtenCrmIds.get(p.contactId());
            if (crmId == null) {
                continue; // a create that wrote nothing (cannot happen: creates always write) is not a write to journal
            }
            applied.add(new JournalPlanner.Pulled(p, crmId, links.get(p.contactId()), crmBefore.get(p.contactId())));
        }
        return JournalPlanner.pulled(runId, flow, applied, crmDeletePolicy);
    }
}
