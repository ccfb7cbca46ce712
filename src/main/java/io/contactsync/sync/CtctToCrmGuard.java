package io.contactsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmRecord;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.state.PageCommit;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CtctToCrmPages.MappedPage;
import io.contactsync.sync.CtctToCrmPages.PlannedPage;
import io.contactsync.vocabulary.Vocabulary;

/**
 * {@code ctct-to-crm}'s steps between plan and write ({@link CtctToCrmFlow}'s {@code verify} and {@code guard}): an
 * apply's check that each contact still plans as its plan file says, and the blast-radius guard.
 */
final class CtctToCrmGuard {

    private static final String FLOW = CtctToCrmFlow.FLOW;

    private final CrmConnector crm;
    private final StateStore state;
    private final ContactMapping mapping;
    private final Guard guard;
    private final CycleHook hook;

    CtctToCrmGuard(CrmConnector crm, StateStore state, ContactMapping mapping, Guard guard, CycleHook hook) {
        this.crm = crm;
        this.state = state;
        this.mapping = mapping;
        this.guard = guard;
        this.hook = hook;
    }

    /**
     * verify: in an {@code apply}, each contact must plan now exactly as the plan file says, else the apply is refused
     * with nothing written ({@link PlanChangedException}); an ordinary cycle passes through.
     */
    PlannedPage verify(PlannedPage page) {
        CtctToCrmCycle c = page.cycle();
        if (c.applying == null) {
            return page;
        }
        Map<String, PlanPreview.Entry> now = new HashMap<>();
        PlanPreview.ofPull(page.plans(), CtctToCrmPreview.crmBefore(page)).forEach(e -> now.put(e.contactId(), e));
        Map<String, String> changed = PlanPreview.differences(c.applying, now);
        if (!changed.isEmpty()) {
            throw PlanPreview.refusal(FLOW, changed);
        }
        return page;
    }

    /**
     * guard: the blast-radius guard judges the page before its first write ({@link BlastRadius}): CRM fields blanked
     * and CRM deletes count, opt-outs carried from Constant Contact never do. Over the limits the run is held
     * ({@link RunHeldException}) with nothing of the page written and the checkpoint where it was; a contact whose
     * effect was rejected in an earlier held run is parked with the reason.
     */
    PlannedPage guard(PlannedPage page) {
        CtctToCrmCycle c = page.cycle();
        Map<String, Map<String, String>> before = CtctToCrmPreview.crmBefore(page);
        Map<String, String> rejected;
        try {
            rejected = guard.check(c.guard, c.run.id(), BlastRadius.ofPull(page.plans(), before));
        } catch (RunHeldException held) {
            carryOptOuts(page);
            throw held;
        }
        hook.reached("ctct-to-crm:guarded");
        if (rejected.isEmpty()) {
            return page;
        }
        Map<String, String> parked = new LinkedHashMap<>(page.mapped().parked());
        List<CtctChangePlanner.Plan> plans = new ArrayList<>();
        for (CtctChangePlanner.Plan p : page.plans()) {
            if (p.crmId() != null && rejected.containsKey(p.crmId())) {
                parked.put(p.contactId(), rejected.get(p.crmId()));
            } else {
                plans.add(p);
            }
        }
        MappedPage mapped = new MappedPage(page.mapped().loaded(), page.mapped().inputs(), parked);
        return new PlannedPage(mapped, plans, page.unchanged());
    }

    /**
     * Consent flows even while the guard holds the page: the opt-out flag of each linked contact the person
     * unsubscribed in Constant Contact is set in the CRM, and nothing else of the page is written. Nothing is
     * committed, so the next pass plans these contacts again (the flag is then already set).
     */
    private void carryOptOuts(PlannedPage page) {
        List<CrmRecord> flags = new ArrayList<>();
        List<io.contactsync.state.JournalEntry> journal = new ArrayList<>();
        Map<String, Map<String, String>> before = CtctToCrmPreview.crmBefore(page);
        for (CtctChangePlanner.Plan p : page.plans()) {
            if (p.optOut() && !p.create() && !p.delete()) {
                Map<String, Object> values = mapping.toCrm(Map.of(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED));
                if (!values.isEmpty()) {
                    flags.add(new CrmRecord(p.crmId(), values, null, false));
                    journal.add(io.contactsync.state.JournalEntry.of(page.cycle().run.id(), FLOW, p.crmId(), p.contactId(),
                            p.email(), JournalPlanner.CONSENT,
                            before.getOrDefault(p.crmId(), Map.of()).getOrDefault(Vocabulary.PERMISSION_TO_SEND, ""),
                            Vocabulary.UNSUBSCRIBED, JournalPlanner.CTCT_OPT_OUT,
                            "carried while the blast-radius guard held the rest of the run"));
                }
            }
        }
        if (!flags.isEmpty()) {
            crm.upsert(flags);
            // The journal keeps every write: these opt-outs are written although the run is held.
            state.commit(new PageCommit(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, FLOW)
                    .withJournal(journal));
            page.cycle().counts.add(Counter.CRM_OPTED_OUT, flags.size());
        }
    }
}
