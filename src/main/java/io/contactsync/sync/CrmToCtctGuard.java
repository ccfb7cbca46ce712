package io.contactsync.sync;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.sync.CrmToCtctPages.PlannedPage;

/**
 * {@code crm-to-ctct}'s steps between plan and write ({@link CrmToCtctFlow}'s {@code verify} and {@code guard}): an
 * apply's check that each record still plans as its plan file says, and the blast-radius guard.
 */
final class CrmToCtctGuard {

    private static final String FLOW = CrmToCtctFlow.FLOW;

    private final Guard guard;
    private final CycleHook hook;

    CrmToCtctGuard(Guard guard, CycleHook hook) {
        this.guard = guard;
        this.hook = hook;
    }

    /**
     * verify: in an {@code apply}, each record of the batch must plan now exactly as the plan file says (same versions,
     * values, lists, consent), else the apply is refused with nothing written ({@link PlanChangedException}). An
     * ordinary cycle passes through.
     */
    PlannedPage verify(PlannedPage page) {
        CrmToCtctCycle c = page.cycle();
        if (c.applying == null) {
            return page;
        }
        Map<String, PlanPreview.Entry> now = new HashMap<>();
        PlanPreview.ofPush(page.decisions().plans(), page.loaded().links()).forEach(e -> now.put(e.crmId(), e));
        Map<String, PlanPreview.Entry> planned = new HashMap<>();
        page.loaded().mapped().read().redriven().forEach(id -> planned.put(id, c.applying.get(id)));
        Map<String, String> changed = PlanPreview.differences(planned, now);
        if (!changed.isEmpty()) {
            throw PlanPreview.refusal(FLOW, changed);
        }
        return page;
    }

    /**
     * guard: the blast-radius guard judges the batch before its first write ({@link BlastRadius}). Over the limits,
     * the run is held ({@link RunHeldException}): nothing of the batch is written and the checkpoint stands. A record
     * whose effect was rejected in an earlier held run is parked with the reason; an approved effect goes through.
     */
    PlannedPage guard(PlannedPage page) {
        CrmToCtctCycle c = page.cycle();
        CrmChangePlanner.Decisions d = page.decisions();
        Map<String, String> rejected = guard.check(c.guard, c.runId(), BlastRadius.ofPush(d.plans(), page.loaded().links()));
        hook.reached("crm-to-ctct:guarded");
        if (rejected.isEmpty()) {
            return page;
        }
        Map<String, String> parked = new LinkedHashMap<>(d.parked());
        parked.putAll(rejected);
        List<RecordPlan> plans = d.plans().stream().filter(p -> !rejected.containsKey(p.crmId())).toList();
        return new PlannedPage(page.loaded(), new CrmChangePlanner.Decisions(plans, d.unchanged(), parked, d.deferred()));
    }
}
