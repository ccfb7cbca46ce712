package io.contactsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.CrmWriteException;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingValueException;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.ConflictRecord;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.PageCommit;
import io.contactsync.state.StateStore;
import io.contactsync.vocabulary.Vocabulary;

/**
 * The {@code ctct-to-crm} flow's steps, called by name from {@code routes/ctct-to-crm.camel.yaml}:
 * begin → (read → map → compare → plan → write → commit)* → finish. Reads contacts of every status updated after
 * the checkpoint (minus the overlap), following the cursor links. Constant Contact does not return them in
 * {@code updated_at} order, so the checkpoint — the largest {@code updated_at} seen, in Constant Contact's own
 * clock — moves only when the whole pass is committed; pages before it commit links, snapshots and conflicts.
 */
public final class CtctToCrmFlow implements CycleFlow<CtctToCrmCycle> {

    static final String FLOW = Flow.CTCT_TO_CRM.id();

    private final CrmConnector crm;
    private final StateStore state;
    private final ContactMapping mapping;
    private final CtctClient ctct;
    private final CtctChangePlanner planner;
    private final SyncOptions options;
    private final int pageSize;
    private final Clock clock;
    private final RunRecorder runs;

    public CtctToCrmFlow(CrmConnector crm, StateStore state, ContactMapping mapping, CtctClient ctct,
                         SyncOptions options, int pageSize, Clock clock) {
        this.crm = crm;
        this.state = state;
        this.mapping = mapping;
        this.ctct = ctct;
        Set<String> toCrm = new HashSet<>();
        mapping.vocabularyFields().stream().filter(mapping::syncsToCrm).forEach(toCrm::add);
        this.planner = new CtctChangePlanner(toCrm, mapping::conflictPolicy);
        this.options = options;
        this.pageSize = pageSize;
        this.clock = clock;
        this.runs = new RunRecorder(FLOW, state, ctct, clock);
    }

    @Override
    public Flow flow() {
        return Flow.CTCT_TO_CRM;
    }

    @Override
    public CtctToCrmCycle newCycle() {
        return new CtctToCrmCycle();
    }

    public CtctToCrmCycle begin(CtctToCrmCycle c) {
        c.run = runs.start();
        c.maxSeen = state.checkpoint(FLOW).map(Checkpoint::position).orElse(null);
        c.after = c.maxSeen == null ? null : c.maxSeen.minus(options.overlap());
        return c;
    }

    public CtctToCrmCycle read(CtctToCrmCycle c) {
        c.page = c.firstPage ? ctct.contactsUpdatedAfter(c.after, pageSize) : ctct.nextContacts(c.nextHref);
        c.firstPage = false;
        c.nextHref = c.page.nextHref();
        c.morePages = c.nextHref != null;
        c.counts.add(Counter.READ, c.page.contacts().size());
        for (CtctContact contact : c.page.contacts()) {
            if (contact.updatedAt() != null && (c.maxSeen == null || contact.updatedAt().isAfter(c.maxSeen))) {
                c.maxSeen = contact.updatedAt();
            }
        }
        return c;
    }

    /** Finds each contact's link; the contacts themselves arrive already in the vocabulary. */
    public CtctToCrmCycle map(CtctToCrmCycle c) {
        List<String> ids = c.page.contacts().stream().map(CtctContact::contactId).toList();
        c.links = ids.isEmpty() ? Map.of() : state.linksByContactIds(ids);
        return c;
    }

    /** Three-way merge of each contact against its snapshot and the CRM record as it is now. */
    public CtctToCrmCycle compare(CtctToCrmCycle c) {
        Map<String, CrmRecord> current = crm.findByIds(c.links.values().stream().map(LinkedContact::crmId).toList());
        Instant now = clock.instant();
        for (CtctContact contact : c.page.contacts()) {
            LinkedContact link = c.links.get(contact.contactId());
            CrmRecord record = link != null ? current.get(link.crmId()) : matchByEmail(contact);
            try {
                Map<String, String> crmNow = record == null || record.deleted() ? null : mapping.toVocabulary(record.fields());
                if (record != null && record.deleted() && !contact.deleted()) {
                    c.counts.inc(Counter.UNCHANGED); // the CRM deleted it; crm-to-ctct applies its delete policy
                    continue;
                }
                CtctChangePlanner.Plan plan = planner.plan(contact, link, crmNow, record == null ? null : record.id(),
                        record == null ? null : record.updatedAt(), now);
                if (plan == null || (plan.create() && !options.createCrmContacts())) {
                    c.counts.inc(Counter.UNCHANGED);
                } else {
                    c.plans.add(plan);
                }
            } catch (MappingValueException e) {
                c.parked.put(contact.contactId(), "mapping: " + e.getMessage());
            }
        }
        return c;
    }

    private CrmRecord matchByEmail(CtctContact contact) {
        if (contact.deleted() || contact.email().isBlank()) {
            return null;
        }
        Optional<CrmRecord> r = crm.findByEmail(contact.email());
        return r.orElse(null);
    }

    /** Counts what the page will do; the CRM writes follow in {@link #write}. */
    public CtctToCrmCycle plan(CtctToCrmCycle c) {
        for (CtctChangePlanner.Plan p : c.plans) {
            c.counts.add(Counter.CONFLICTS, p.conflicts().size());
        }
        return c;
    }

    /** Batch-upserts the CRM; a record the CRM refuses is parked and the rest of the batch is written again. */
    public CtctToCrmCycle write(CtctToCrmCycle c) {
        List<CtctChangePlanner.Plan> writes = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (CtctChangePlanner.Plan p : c.plans) {
            if (p.delete()) {
                deletes.add(p.crmId());
            } else if (!p.crmWrites().isEmpty() || p.create()) {
                writes.add(p);
            }
        }
        upsert(c, writes);
        if (!deletes.isEmpty() && options.crmDeletePolicy() != CrmConnector.DeletePolicy.IGNORE) {
            crm.markDeleted(deletes, options.crmDeletePolicy());
            c.counts.add(Counter.CRM_DELETED, deletes.size());
        }
        return c;
    }

    private void upsert(CtctToCrmCycle c, List<CtctChangePlanner.Plan> plans) {
        List<CtctChangePlanner.Plan> pending = new ArrayList<>(plans);
        while (!pending.isEmpty()) {
            List<CrmRecord> batch = new ArrayList<>();
            for (CtctChangePlanner.Plan p : pending) {
                Map<String, String> values = p.create() ? createValues(p) : p.crmWrites();
                batch.add(new CrmRecord(p.crmId(), mapping.toCrm(values), null, false));
            }
            try {
                List<CrmRecord> stored = crm.upsert(batch);
                for (int i = 0; i < pending.size(); i++) {
                    CtctChangePlanner.Plan p = pending.get(i);
                    CrmRecord r = stored.get(i);
                    c.linked.add(new LinkedContact(r.id(), p.contactId(), p.email(), p.snapshot(), r.updatedAt(),
                            p.ctctUpdatedAt(), clock.instant()));
                    c.counts.inc(p.create() ? Counter.CRM_CREATED : Counter.CRM_UPDATED);
                    if (p.optOut()) {
                        c.counts.inc(Counter.CRM_OPTED_OUT);
                    }
                }
                return;
            } catch (CrmWriteException e) {
                int bad = indexOf(pending, e);
                c.parked.put(pending.get(bad).contactId(), "CRM refused the write: " + e.getMessage());
                pending.remove(bad);
            }
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

    private static Map<String, String> createValues(CtctChangePlanner.Plan p) {
        Map<String, String> v = new LinkedHashMap<>(p.snapshot());
        v.remove(Vocabulary.LIST_IDS);
        v.remove(Vocabulary.STATUS);
        return v;
    }

    /** Links, snapshots, conflicts and dead letters; the checkpoint only with the pass's last page. */
    public CtctToCrmCycle commit(CtctToCrmCycle c) {
        Instant now = clock.instant();
        List<LinkedContact> links = new ArrayList<>(c.linked);
        Set<String> written = new HashSet<>();
        c.linked.forEach(l -> written.add(l.contactId()));
        List<ConflictRecord> conflicts = new ArrayList<>();
        for (CtctChangePlanner.Plan p : c.plans) {
            if (c.parked.containsKey(p.contactId())) {
                continue;
            }
            conflicts.addAll(p.conflicts());
            if (!written.contains(p.contactId()) && p.crmId() != null) {
                links.add(new LinkedContact(p.crmId(), p.contactId(), p.email(), p.snapshot(), p.crmUpdatedAt(),
                        p.ctctUpdatedAt(), now));
            }
        }
        List<DeadLetter> parked = new ArrayList<>();
        c.parked.forEach((id, why) -> parked.add(new DeadLetter(FLOW, id, null, why, 1, now)));
        Checkpoint checkpoint = !c.morePages && c.maxSeen != null ? new Checkpoint(FLOW, c.maxSeen, "", now) : null;
        state.commit(new PageCommit(links, List.of(), parked, List.of(), conflicts, List.of(), checkpoint));
        c.counts.add(Counter.PARKED, parked.size());
        c.clearPage();
        return c;
    }

    public SyncSummary finish(CtctToCrmCycle c) {
        return runs.succeeded(c.run, c.counts);
    }

    /** Records a cycle that stopped on an error; its checkpoint stays at the last committed page. */
    @Override
    public SyncSummary abort(CtctToCrmCycle c, Throwable error) {
        return runs.aborted(c.run, c.counts, error);
    }
}
