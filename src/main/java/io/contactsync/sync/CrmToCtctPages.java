package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.ActivityKind;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmPage;
import io.contactsync.state.LinkedContact;

/**
 * What each page step of {@code crm-to-ctct} hands to the next, in route order. Each record holds the one before
 * it, so a step sees everything earlier steps produced, and nothing a later step has yet to produce. Failures
 * ({@code crmId} to {@link Failure}) accumulate: each record's {@code failed} holds every earlier one too.
 */
public final class CrmToCtctPages {

    private CrmToCtctPages() {
    }

    /**
     * {@code read}: the CRM's next page of changes after the cycle's position — or, first in a cycle, the records
     * whose dead letters are due to be re-driven ({@code redriven} their keys; the page then has no position).
     */
    public record ReadPage(CrmToCtctCycle cycle, CrmPage page, Set<String> redriven) {
        public ReadPage {
            redriven = Set.copyOf(redriven);
        }

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

    /** {@code map}: each record in the shared vocabulary with its list ids, or refused by the mapping. */
    public record MappedPage(ReadPage read, List<CrmChangePlanner.Mapped> records) {
        public MappedPage {
            records = List.copyOf(records);
        }

        public CrmToCtctCycle cycle() {
            return read.cycle();
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

    /**
     * {@code load-state}: the links (with snapshots) of the page's records, links holding their e-mails, and when
     * the page changes linked contacts, which contacts Constant Contact changed since ctct-to-crm last read it.
     */
    public record LoadedPage(MappedPage mapped, Map<String, LinkedContact> links, Map<String, LinkedContact> emailOwners,
                             Map<String, Instant> ctctEdits) {
        public LoadedPage {
            links = Map.copyOf(links);
            emailOwners = Map.copyOf(emailOwners);
            ctctEdits = Map.copyOf(ctctEdits);
        }

        public LoadedPage(MappedPage mapped, Map<String, LinkedContact> links, Map<String, LinkedContact> emailOwners) {
            this(mapped, links, emailOwners, Map.of());
        }

        public CrmToCtctCycle cycle() {
            return mapped.cycle();
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

    /** {@code plan}: what each record needs in Constant Contact (or why it is parked, or that it is unchanged). */
    public record PlannedPage(LoadedPage loaded, CrmChangePlanner.Decisions decisions) {
        public CrmToCtctCycle cycle() {
            return loaded.cycle();
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

    /** An activity started for a page, and the outbox entry recorded before its POST. */
    public record Started(long outboxId, ActivityKind kind, String activityId, List<String> crmIds, List<String> emails) {
        public Started {
            crmIds = List.copyOf(crmIds);
            emails = List.copyOf(emails);
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "Started";
        }
    }

    /**
     * {@code write}: the activities started, the records Constant Contact refused outright or that could not be
     * sent, and the outbox entries of POSTs that never started an activity.
     *
     * @param planned the plans as carried out (a create Constant Contact answered 409 is an import here)
     * @param created contacts created unsubscribed by {@code POST /contacts}, as Constant Contact returned them, by
     *                CRM id: they need no read-back
     */
    public record WrittenPage(PlannedPage planned, List<Started> started, Map<String, Failure> failed, List<Long> unsent,
                              Map<String, CtctContact> created) {
        public WrittenPage {
            started = List.copyOf(started);
            failed = Map.copyOf(failed);
            unsent = List.copyOf(unsent);
            created = Map.copyOf(created);
        }

        public WrittenPage(PlannedPage planned, List<Started> started, Map<String, Failure> failed, List<Long> unsent) {
            this(planned, started, failed, unsent, Map.of());
        }

        public CrmToCtctCycle cycle() {
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

    /**
     * {@code confirm}: every activity ended; the contacts the imports touched, read back by lower-case e-mail;
     * the rows an activity refused.
     *
     * @param activities the number of activities confirmed
     * @param unattributed row errors that named no row, for the reason of a contact the import did not create
     */
    public record ConfirmedPage(WrittenPage written, Map<String, CtctContact> readBack, Map<String, Failure> failed,
                                int activities, List<String> unattributed, Set<String> existedBefore,
                                Set<String> wholeContacts) {
        public ConfirmedPage {
            readBack = Map.copyOf(readBack);
            existedBefore = Set.copyOf(existedBefore);
            wholeContacts = Set.copyOf(wholeContacts);
            failed = Map.copyOf(failed);
            unattributed = List.copyOf(unattributed);
        }

        public CrmToCtctCycle cycle() {
            return written.cycle();
        }

        public PlannedPage planned() {
            return written.planned();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "ConfirmedPage";
        }
    }

    /**
     * {@code follow-up}: the writes the read-back called for are done (a new contact the CRM opted out is
     * unsubscribed; the CRM learns of contacts Constant Contact keeps unsubscribed).
     *
     * @param snapshotFixes vocabulary fields that override a record's planned snapshot
     * @param crmCorrected  how many CRM records were corrected
     */
    public record FollowedUpPage(ConfirmedPage confirmed, Map<String, Failure> failed,
                                 Map<String, Map<String, String>> snapshotFixes, int crmCorrected) {
        public FollowedUpPage {
            failed = Map.copyOf(failed);
            snapshotFixes = Map.copyOf(snapshotFixes);
        }

        public CrmToCtctCycle cycle() {
            return confirmed.cycle();
        }

        /** The loop's check reads it on whatever step's record it sees (also after a step failed). */
        public boolean isMorePages() {
            return cycle().isMorePages();
        }

        /** Shape only: a page holds names and e-mail addresses, which must never reach a log or a run record. */
        @Override
        public String toString() {
            return "FollowedUpPage";
        }
    }
}
