package io.contactsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.crm.CrmPosition;

/**
 * What spans the pages of one {@code crm-to-ctct} cycle: its run, its position in the CRM's changes, its counters
 * and the lists the mapping manages. A page's own data travels in {@link CrmToCtctPages}. Used by one thread at a
 * time.
 */
public final class CrmToCtctCycle {

    /** Read by the lease heartbeat thread too. */
    volatile RunRecorder.Run run;
    CrmPosition position;
    boolean morePages = true;
    final Counts counts = new Counts();
    Set<String> managedLists = Set.of();
    /** Custom fields checked and lists loaded (done before the first page with records). */
    boolean accountChecked;
    /** Records whose transient dead letters are due: the cycle's first page re-drives them. */
    List<String> redrive = List.of();
    /** The records that page re-drove: later pages of the cycle leave them alone. */
    Set<String> redriven = Set.of();
    /** The CRM database's clock at the cycle's start: no checkpoint moves past it. */
    Instant crmNow;
    /** Contacts Constant Contact changed since the last pull (by contact id), once a page needed them; null: not read. */
    Map<String, Instant> ctctEdits;

    public boolean isMorePages() {
        return morePages;
    }

    public long runId() {
        return run == null ? 0 : run.id();
    }
}
