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
    /** The checkpoint the cycle started from (before the overlap); null on a first or full read. */
    Instant checkpointAt;
    /** Contacts Constant Contact changed since the last pull (by contact id), once a page needed them; null: not read. */
    Map<String, Instant> ctctEdits;

    /** How many changed CRM records the cycle expects to read (counted once at its start), or null: unknown. */
    Long expectedTotal;
    /** An undo: the run's journal by CRM id (null: an ordinary cycle), and what it skips, by CRM id, with why. */
    UndoPlanner.Request undo;
    final Map<String, String> undoSkipped = new java.util.TreeMap<>();
    /** An apply: the plan file's entries by CRM id (null: an ordinary cycle). */
    Map<String, PlanPreview.Entry> applying;
    /** A dry run's gathering (null: a real cycle) and its list directory (null: the flow's). */
    FlowPreview.Gathering preview;
    ListDirectory lists;
    /** The blast-radius guard's counts and decisions across the cycle's batches. */
    Guard.CycleGuard guard;
    /** Set by the runner before the route starts. */
    CycleContext context = CycleContext.NONE;
    /** The loop ended because the runner asked it to stop, with pages still to read. */
    boolean stopped;

    /** The route's loop condition: more pages, unless asked to stop (checked after each committed page). */
    public boolean isMorePages() {
        if (morePages && !stopped && context.stopRequested()) {
            stopped = true;
        }
        return morePages && !stopped;
    }

    /** Positions the reader an overlap before the checkpoint (or at the start, with none): a cycle's and a dry run's. */
    void startAt(Instant checkpoint, java.time.Duration overlap) {
        checkpointAt = checkpoint;
        position = checkpoint == null ? CrmPosition.from(Instant.EPOCH) : CrmPosition.from(checkpoint.minus(overlap));
    }

    public long runId() {
        return run == null ? 0 : run.id();
    }
}
