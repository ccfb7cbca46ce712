package io.contactsync.sync;

import java.time.Duration;

import io.contactsync.crm.CrmConnector;

/**
 * How the cycles behave.
 *
 * @param pageSize         records read (and committed) per page
 * @param overlap          how far before its checkpoint a flow re-reads, for late commits; free thanks to snapshots
 * @param ctctDeletePolicy what a CRM delete does in Constant Contact
 * @param crmDeletePolicy  what a Constant Contact delete does in the CRM
 * @param createCrmContacts whether contacts new in Constant Contact create CRM records
 * @param redrive          when records parked for a transient reason are tried again
 * @param pushBatch        records crm-to-ctct gathers across pages into one batch (written and committed together)
 * @param guard            the blast-radius guard's limits (docs/safety.md)
 */
public record SyncOptions(int pageSize, Duration overlap, CtctDeletePolicy ctctDeletePolicy,
                          CrmConnector.DeletePolicy crmDeletePolicy, boolean createCrmContacts, RedrivePolicy redrive,
                          int pushBatch, BlastRadius.Limits guard) {

    /** Batches as large as the default ({@value #DEFAULT_PUSH_BATCH} records). */
    public static final int DEFAULT_PUSH_BATCH = 10_000;

    public SyncOptions {
        if (pushBatch < 1) {
            throw new IllegalArgumentException("pushBatch must be at least 1");
        }
        if (guard == null) {
            guard = BlastRadius.Limits.DEFAULT;
        }
    }

    /** The default blast-radius guard. */
    public SyncOptions(int pageSize, Duration overlap, CtctDeletePolicy ctctDeletePolicy,
                       CrmConnector.DeletePolicy crmDeletePolicy, boolean createCrmContacts, RedrivePolicy redrive,
                       int pushBatch) {
        this(pageSize, overlap, ctctDeletePolicy, crmDeletePolicy, createCrmContacts, redrive, pushBatch,
                BlastRadius.Limits.DEFAULT);
    }

    /** The same options with other guard limits. */
    public SyncOptions withGuard(BlastRadius.Limits limits) {
        return new SyncOptions(pageSize, overlap, ctctDeletePolicy, crmDeletePolicy, createCrmContacts, redrive, pushBatch,
                limits);
    }

    public SyncOptions(int pageSize, Duration overlap, CtctDeletePolicy ctctDeletePolicy,
                       CrmConnector.DeletePolicy crmDeletePolicy, boolean createCrmContacts, RedrivePolicy redrive) {
        this(pageSize, overlap, ctctDeletePolicy, crmDeletePolicy, createCrmContacts, redrive, DEFAULT_PUSH_BATCH);
    }

    public SyncOptions(int pageSize, Duration overlap, CtctDeletePolicy ctctDeletePolicy,
                       CrmConnector.DeletePolicy crmDeletePolicy, boolean createCrmContacts) {
        this(pageSize, overlap, ctctDeletePolicy, crmDeletePolicy, createCrmContacts, RedrivePolicy.DEFAULT);
    }

    /** What a CRM delete does in Constant Contact. */
    public enum CtctDeletePolicy { DELETE, UNSUBSCRIBE, IGNORE }
}
