package io.contactsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.CrmWriteException;
import io.contactsync.crm.WriteOutcome;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingValueException;
import io.contactsync.state.LinkedContact;
import io.contactsync.sync.CtctToCrmPages.PlannedPage;
import io.contactsync.sync.CtctToCrmPages.WrittenPage;

/** {@code ctct-to-crm}'s write step ({@link CtctToCrmFlow#write}): the CRM's batch upserts and deletes. */
final class CtctToCrmWriter {

    /** How often a write is merged again with a CRM row edited meanwhile before the contact waits for the next pass. */
    private static final int MERGE_ROUNDS = 3;

    private final CrmConnector crm;
    private final ContactMapping mapping;
    private final CtctChangePlanner planner;
    private final SyncOptions options;
    private final Clock clock;
    private final CycleHook hook;

    CtctToCrmWriter(CrmConnector crm, ContactMapping mapping, CtctChangePlanner planner, SyncOptions options, Clock clock,
                    CycleHook hook) {
        this.crm = crm;
        this.mapping = mapping;
        this.planner = planner;
        this.options = options;
        this.clock = clock;
        this.hook = hook;
    }

    /**
     * write: batch upserts and deletes in the CRM. An update is written only if the CRM row is unchanged since it was
     * read; a row someone edited meanwhile is re-read and merged again (so their edit is kept, or recorded as a
     * conflict) instead of being overwritten. A record the CRM refuses is parked and the rest written again.
     */
    WrittenPage write(PlannedPage page) {
        Map<String, CtctChangePlanner.Input> inputs = new HashMap<>();
        page.mapped().inputs().forEach(in -> inputs.put(in.contact().contactId(), in));
        Map<String, String> parked = new LinkedHashMap<>(page.mapped().parked());
        List<CtctChangePlanner.Plan> finalPlans = new ArrayList<>();
        List<CtctChangePlanner.Plan> pending = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (CtctChangePlanner.Plan p : page.plans()) {
            if (p.delete()) {
                deletes.add(p.crmId());
                finalPlans.add(p);
            } else if (!p.crmWrites().isEmpty()) {
                pending.add(p);
            } else {
                finalPlans.add(p);
            }
        }
        List<String> revived = page.plans().stream().filter(CtctChangePlanner.Plan::revive).map(CtctChangePlanner.Plan::crmId).toList();
        if (!revived.isEmpty()) {
            crm.restore(revived);
            page.cycle().counts.add(Counter.CRM_REVIVED, revived.size());
        }
        List<LinkedContact> written = new ArrayList<>();
        for (int round = 0; round < MERGE_ROUNDS && !pending.isEmpty(); round++) {
            pending = writeRound(page, inputs, pending, written, finalPlans, parked);
        }
        for (CtctChangePlanner.Plan p : pending) {
            // Edited in the CRM again and again while we merged: leave it for the next pass, saying why.
            parked.put(p.contactId(), "the CRM record changed during every write attempt; it will be merged again");
        }
        hook.reached("ctct-to-crm:upserted");
        if (!deletes.isEmpty()) {
            crm.markDeleted(deletes, options.crmDeletePolicy());
            page.cycle().counts.add(Counter.CRM_DELETED, deletes.size());
        }
        hook.reached("ctct-to-crm:written");
        return new WrittenPage(page, written, parked, finalPlans);
    }

    /** One conditional batch; returns the plans to write again (merged with the CRM row as it is now). */
    private List<CtctChangePlanner.Plan> writeRound(PlannedPage page, Map<String, CtctChangePlanner.Input> inputs,
                                                    List<CtctChangePlanner.Plan> plans, List<LinkedContact> written,
                                                    List<CtctChangePlanner.Plan> finalPlans, Map<String, String> parked) {
        List<CtctChangePlanner.Plan> pending = new ArrayList<>(plans);
        while (!pending.isEmpty()) {
            List<CrmRecord> batch = new ArrayList<>();
            Map<String, Instant> expected = new HashMap<>();
            for (CtctChangePlanner.Plan p : pending) {
                batch.add(new CrmRecord(p.crmId(), mapping.toCrm(p.crmWrites()), null, false));
                if (p.crmId() != null && p.crmUpdatedAt() != null && !p.revive()) {
                    expected.put(p.crmId(), p.crmUpdatedAt());
                }
            }
            List<WriteOutcome> outcomes;
            try {
                outcomes = crm.upsertIfUnchanged(batch, expected);
            } catch (CrmWriteException e) {
                int bad = indexOf(pending, e);
                parked.put(pending.get(bad).contactId(), "CRM refused the write: " + e.getMessage());
                pending.remove(bad);
                continue;
            }
            List<CtctChangePlanner.Plan> again = new ArrayList<>();
            Instant now = clock.instant();
            for (int i = 0; i < pending.size(); i++) {
                CtctChangePlanner.Plan p = pending.get(i);
                WriteOutcome o = outcomes.get(i);
                switch (o.status()) {
                    case WRITTEN -> {
                        written.add(new LinkedContact(o.record().id(), p.contactId(), p.email(), p.snapshot(),
                                o.record().updatedAt(), p.ctctUpdatedAt(), now));
                        finalPlans.add(p);
                        count(page.cycle().counts, p);
                    }
                    case STALE -> {
                        page.cycle().counts.inc(Counter.CRM_MERGED_AGAIN);
                        CtctChangePlanner.Plan merged = remerge(inputs.get(p.contactId()), o.record(), now, parked);
                        if (merged != null) {
                            page.cycle().counts.add(Counter.CONFLICTS, merged.conflicts().size() - p.conflicts().size());
                        }
                        if (merged != null && !merged.crmWrites().isEmpty()) {
                            again.add(merged);
                        } else if (merged != null) {
                            finalPlans.add(merged);
                        }
                    }
                    case GONE -> { } // deleted in the CRM meanwhile: crm-to-ctct applies its delete policy
                }
            }
            return again;
        }
        return List.of();
    }

    /** The contact merged again with the CRM row as it is now; null when that leaves nothing to do (or it was parked). */
    private CtctChangePlanner.Plan remerge(CtctChangePlanner.Input in, CrmRecord current, Instant now, Map<String, String> parked) {
        try {
            Map<String, String> crmNow = current.deleted() ? null : mapping.toVocabulary(current.fields());
            return planner.decide(new CtctChangePlanner.Input(in.contact(), in.link(), current.id(), current.updatedAt(),
                    current.deleted(), crmNow), now);
        } catch (MappingValueException e) {
            parked.put(in.contact().contactId(), "mapping: " + e.getMessage());
            return null;
        }
    }

    private static void count(Counts counts, CtctChangePlanner.Plan p) {
        counts.inc(p.create() ? Counter.CRM_CREATED : Counter.CRM_UPDATED);
        if (p.optOut()) {
            counts.inc(Counter.CRM_OPTED_OUT);
        }
        if (p.optOutCleared()) {
            counts.inc(Counter.CRM_OPT_OUT_CLEARED);
        }
    }

    private static int indexOf(List<CtctChangePlanner.Plan> pending, CrmWriteException e) {
        for (int i = 0; i < pending.size(); i++) {
            if (e.recordId() != null && e.recordId().equals(pending.get(i).crmId())) {
                return i;
            }
        }
        int i = e.batchIndex();
        if (i < 0 || i >= pending.size()) {
            throw e; // cannot tell which record: fail the cycle rather than park the wrong one
        }
        return i;
    }
}
