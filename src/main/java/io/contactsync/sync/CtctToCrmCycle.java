package io.contactsync.sync;

import java.time.Instant;

import io.contactsync.constantcontact.FullRead;

/**
 * What spans the pages of one {@code ctct-to-crm} pass: its run, where it started, the cursor, the largest
 * {@code updated_at} seen and its counters. A page's own data travels in {@link CtctToCrmPages}.
 */
public final class CtctToCrmCycle {

    /** Read by the lease heartbeat thread too. */
    volatile RunRecorder.Run run;
    Instant after;
    /** The largest updated_at seen in this pass, in Constant Contact's clock: the next checkpoint. */
    Instant maxSeen;
    /** The pass's read (pages or one export file), opened by the first {@code read}; closed by finish or abort. */
    FullRead fullRead;
    boolean morePages = true;
    boolean customFieldsChecked;
    final Counts counts = new Counts();

    /** An undo: the run's journal by contact id (null: an ordinary cycle), and what it skips, by contact id, with why. */
    UndoPlanner.Request undo;
    final java.util.Map<String, String> undoSkipped = new java.util.TreeMap<>();
    /** An apply: the plan file's entries by contact id (null: an ordinary cycle). */
    java.util.Map<String, PlanPreview.Entry> applying;
    /** A dry run's gathering (null: a real cycle). */
    FlowPreview.Gathering preview;
    /** The blast-radius guard's counts and decisions across the cycle's pages. */
    Guard.CycleGuard guard;
    /** Set by the runner before the route starts. */
    CycleContext context = CycleContext.NONE;
    /** The loop ended because the runner asked it to stop, with pages still to read. */
    boolean stopped;

    /** Ends the pass's read: deletes its export file, if it had one (finish and abort). */
    void closeRead() {
        if (fullRead != null) {
            fullRead.close();
            fullRead = null;
        }
    }

    /** The route's loop condition: more pages, unless asked to stop (checked after each committed page). */
    public boolean isMorePages() {
        if (morePages && !stopped && context.stopRequested()) {
            stopped = true;
        }
        return morePages && !stopped;
    }
}
