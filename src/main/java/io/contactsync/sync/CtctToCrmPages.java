package io.contactsync.sync;

import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.crm.CrmRecord;
import io.contactsync.state.LinkedContact;

/**
 * What each page step of {@code ctct-to-crm} hands to the next, in route order. Each record holds the one before
 * it, so a step sees everything earlier steps produced. Parked contacts ({@code contactId} to reason) accumulate.
 */
public final class CtctToCrmPages {

    private CtctToCrmPages() {
    }

    /** {@code read}: the next page of contacts updated after the checkpoint, every status. */
    public record ReadPage(CtctToCrmCycle cycle, ContactPage page) {
        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "ReadPage";
        }
    }

    /**
     * {@code load-state}: each contact's link (by contact id) and the CRM record it pairs with — the linked one,
     * or one matched by e-mail for a contact not linked yet (by CRM id).
     */
    public record LoadedPage(ReadPage read, Map<String, LinkedContact> links, Map<String, CrmRecord> crmRecords,
                             Map<String, String> crmIdByContactId) {
        public LoadedPage {
            links = Map.copyOf(links);
            crmRecords = Map.copyOf(crmRecords);
            crmIdByContactId = Map.copyOf(crmIdByContactId);
        }

        public CtctToCrmCycle cycle() {
            return read.cycle();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "LoadedPage";
        }
    }

    /** {@code map}: each contact with its CRM record in the shared vocabulary; the mapping's refusals are parked. */
    public record MappedPage(LoadedPage loaded, List<CtctChangePlanner.Input> inputs, Map<String, String> parked) {
        public MappedPage {
            inputs = List.copyOf(inputs);
            parked = Map.copyOf(parked);
        }

        public CtctToCrmCycle cycle() {
            return loaded.cycle();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "MappedPage";
        }
    }

    /** {@code plan}: what the CRM needs for each contact (contacts that need nothing are only counted). */
    public record PlannedPage(MappedPage mapped, List<CtctChangePlanner.Plan> plans, List<String> unchanged) {
        public PlannedPage {
            plans = List.copyOf(plans);
            unchanged = List.copyOf(unchanged);
        }

        public CtctToCrmCycle cycle() {
            return mapped.cycle();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "PlannedPage";
        }
    }

    /**
     * {@code write}: the links of the CRM records written (with the CRM's new {@code updated_at}), refusals, and the
     * plans as finally applied (a plan merged again with a CRM row edited meanwhile replaces the first one).
     */
    public record WrittenPage(PlannedPage planned, List<LinkedContact> written, Map<String, String> parked,
                              List<CtctChangePlanner.Plan> plans) {
        public WrittenPage {
            written = List.copyOf(written);
            parked = Map.copyOf(parked);
            plans = List.copyOf(plans);
        }

        public CtctToCrmCycle cycle() {
            return planned.cycle();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "WrittenPage";
        }
    }
}
