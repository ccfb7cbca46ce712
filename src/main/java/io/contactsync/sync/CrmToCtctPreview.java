package io.contactsync.sync;

import java.time.Clock;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmPosition;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CrmToCtctPages.PlannedPage;

/**
 * The dry run of {@code crm-to-ctct} ({@code routes/dry-run.camel.yaml}, through {@link CrmToCtctFlow}'s
 * {@code beginPreview}, {@code preview} and {@code finishPreview}): the flow's own read, map, load-state and plan
 * steps run between them; these record what each batch would write and commit nothing.
 */
final class CrmToCtctPreview {

    private static final String FLOW = CrmToCtctFlow.FLOW;
    private static final int MAX_REDRIVE_PER_CYCLE = CrmToCtctFlow.MAX_REDRIVE_PER_CYCLE;

    private final CrmConnector crm;
    private final StateStore state;
    private final CtctClient ctct;
    private final ContactMapping mapping;
    private final SyncOptions options;
    private final Guard guard;
    private final Clock clock;

    CrmToCtctPreview(CrmConnector crm, StateStore state, CtctClient ctct, ContactMapping mapping, SyncOptions options,
                     Guard guard, Clock clock) {
        this.crm = crm;
        this.state = state;
        this.ctct = ctct;
        this.mapping = mapping;
        this.options = options;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Dry run (routes/dry-run.camel.yaml): the same reads as {@link CrmToCtctFlow#begin}, but no run record, no outbox settled, a
     * list directory that creates nothing, and nothing written anywhere.
     */
    CrmToCtctCycle begin(CrmToCtctCycle c) {
        c.preview.callsAtStart = ctct.apiCalls();
        c.lists = ListDirectory.dryRun(ctct, mapping.createMissingLists());
        c.guard = guard.begin();
        c.crmNow = crm.now();
        c.undo = c.context.undo();
        c.redrive = c.context.onlyKeys() != null ? java.util.List.copyOf(c.context.onlyKeys())
                : state.dueDeadLetters(FLOW, clock.instant(), MAX_REDRIVE_PER_CYCLE).stream().map(DeadLetter::recordKey).toList();
        c.startAt(state.checkpoint(FLOW).map(Checkpoint::position).orElse(null), options.overlap());
        return c;
    }

    /**
     * preview (dry run): what the batch would write, with its values before and after, to the dry run's sink; the
     * guard's verdict and the estimated requests; then on to the next batch, committing nothing.
     */
    CrmToCtctCycle preview(PlannedPage page) {
        CrmToCtctCycle c = page.cycle();
        CrmChangePlanner.Decisions d = page.decisions();
        BlastRadius.Verdict verdict = guard.preview(c.guard, BlastRadius.ofPush(d.plans(), page.loaded().links()));
        c.preview.add(PlanPreview.ofPush(d.plans(), page.loaded().links()), d.parked().size() + d.deferred().size(), verdict);
        c.preview.estimatedCalls += PlanPreview.pushCost(d.plans());
        c.undoSkipped.forEach((crmId, why) -> c.preview.notes.add("CRM " + crmId + ": " + why));
        c.undoSkipped.clear();
        CrmPosition last = page.loaded().mapped().read().page().last();
        if (last != null) {
            c.position = last;
        }
        return c;
    }

    /** The dry run's end: what it found, nothing written. */
    FlowPreview finish(CrmToCtctCycle c) {
        c.lists.wouldCreate().forEach(name -> c.preview.notes.add("would create the list '" + name + "'"));
        if (c.accountChecked || c.preview.planned > 0) {
            c.preview.estimatedCalls += 2; // the account's custom fields and lists, read once per cycle
        }
        return c.preview.result(Flow.CRM_TO_CTCT, ctct.apiCalls(), c.counts.get(Counter.UNCHANGED));
    }
}
