package io.contactsync.sync;

import java.util.HashMap;
import java.util.Map;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CtctToCrmPages.PlannedPage;

/**
 * The dry run of {@code ctct-to-crm} ({@code routes/dry-run.camel.yaml}, through {@link CtctToCrmFlow}'s
 * {@code beginPreview}, {@code preview} and {@code finishPreview}): the flow's own read, load-state, map and plan
 * steps run between them; these record what each batch would write and commit nothing.
 */
final class CtctToCrmPreview {

    private static final String FLOW = CtctToCrmFlow.FLOW;

    private final StateStore state;
    private final CtctClient ctct;
    private final SyncOptions options;
    private final Guard guard;

    CtctToCrmPreview(StateStore state, CtctClient ctct, SyncOptions options, Guard guard) {
        this.state = state;
        this.ctct = ctct;
        this.options = options;
        this.guard = guard;
    }

    /** Dry run (routes/dry-run.camel.yaml): where {@link CtctToCrmFlow#begin} starts, without a run record; nothing is written. */
    CtctToCrmCycle begin(CtctToCrmCycle c) {
        c.preview.callsAtStart = ctct.apiCalls();
        c.guard = guard.begin();
        c.maxSeen = state.checkpoint(FLOW).map(Checkpoint::position).orElse(null);
        c.after = c.maxSeen == null ? null : c.maxSeen.minus(options.overlap());
        return c;
    }

    /** preview (dry run): what the batch would write in the CRM, before and after, to the sink; nothing committed. */
    CtctToCrmCycle preview(PlannedPage page) {
        CtctToCrmCycle c = page.cycle();
        Map<String, Map<String, String>> before = crmBefore(page);
        BlastRadius.Verdict verdict = guard.preview(c.guard, BlastRadius.ofPull(page.plans(), before));
        c.preview.add(PlanPreview.ofPull(page.plans(), before), page.mapped().parked().size(), verdict);
        return c;
    }

    /** The dry run's end: what it found, nothing written. */
    FlowPreview finish(CtctToCrmCycle c) {
        return c.preview.result(Flow.CTCT_TO_CRM, ctct.apiCalls(), c.counts.get(Counter.UNCHANGED));
    }

    /** Each linked CRM record's vocabulary as read, by CRM id. */
    static Map<String, Map<String, String>> crmBefore(PlannedPage page) {
        Map<String, Map<String, String>> before = new HashMap<>();
        for (CtctChangePlanner.Input in : page.mapped().inputs()) {
            if (in.crmId() != null && in.crmNow() != null) {
                before.put(in.crmId(), in.crmNow());
            }
        }
        return before;
    }
}
