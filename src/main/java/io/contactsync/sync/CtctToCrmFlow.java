package io.contactsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.ContactPage;
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
import io.contactsync.sync.CtctToCrmPages.LoadedPage;
import io.contactsync.sync.CtctToCrmPages.MappedPage;
import io.contactsync.sync.CtctToCrmPages.PlannedPage;
import io.contactsync.sync.CtctToCrmPages.ReadPage;
import io.contactsync.sync.CtctToCrmPages.WrittenPage;

/**
 * The {@code ctct-to-crm} flow's steps, called by name from {@code routes/ctct-to-crm.camel.yaml}:
 * begin → (read → load-state → map → plan → write → commit)* → finish; each page step takes the record the step
 * before it produced ({@link CtctToCrmPages}) and returns its own. Reads contacts of every status updated after
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
    private final DeadLetters deadLetters;

    public CtctToCrmFlow(CrmConnector crm, StateStore state, ContactMapping mapping, CtctClient ctct,
                         SyncOptions options, int pageSize, Clock clock) {
        this.crm = crm;
        this.state = state;
        this.mapping = mapping;
        this.ctct = ctct;
        Set<String> toCrm = new HashSet<>();
        mapping.vocabularyFields().stream().filter(mapping::syncsToCrm).forEach(toCrm::add);
        this.planner = new CtctChangePlanner(toCrm, mapping::conflictPolicy, options.createCrmContacts(),
                options.crmDeletePolicy());
        this.options = options;
        this.pageSize = pageSize;
        this.clock = clock;
        this.runs = new RunRecorder(FLOW, state, ctct, clock);
        this.deadLetters = new DeadLetters(FLOW, state, options.redrive());
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
        CustomFields.check(mapping, ctct);
        c.maxSeen = state.checkpoint(FLOW).map(Checkpoint::position).orElse(null);
        c.after = c.maxSeen == null ? null : c.maxSeen.minus(options.overlap());
        return c;
    }

    /** read: the next page of contacts updated after the checkpoint (minus the overlap), every status. */
    public ReadPage read(CtctToCrmCycle c) {
        ContactPage page = c.firstPage ? ctct.contactsUpdatedAfter(c.after, pageSize) : ctct.nextContacts(c.nextHref);
        c.firstPage = false;
        c.nextHref = page.nextHref();
        c.morePages = c.nextHref != null;
        c.counts.add(Counter.READ, page.contacts().size());
        for (CtctContact contact : page.contacts()) {
            if (contact.updatedAt() != null && (c.maxSeen == null || contact.updatedAt().isAfter(c.maxSeen))) {
                c.maxSeen = contact.updatedAt();
            }
        }
        return new ReadPage(c, page);
    }

    /**
     * load-state: each contact's link, and the CRM record it pairs with: the linked record, or for a contact not
     * linked yet (and not deleted) the CRM record with its e-mail.
     */
    public LoadedPage loadState(ReadPage page) {
        List<CtctContact> contacts = page.page().contacts();
        List<String> ids = contacts.stream().map(CtctContact::contactId).toList();
        Map<String, LinkedContact> links = ids.isEmpty() ? Map.of() : state.linksByContactIds(ids);
        Map<String, CrmRecord> records = new HashMap<>(crm.findByIds(links.values().stream().map(LinkedContact::crmId).toList()));
        Map<String, String> pairs = new HashMap<>();
        for (CtctContact contact : contacts) {
            LinkedContact link = links.get(contact.contactId());
            if (link != null) {
                pairs.put(contact.contactId(), link.crmId());
            } else if (!contact.deleted() && !contact.email().isBlank()) {
                crm.findByEmail(contact.email()).ifPresent(r -> {
                    records.put(r.id(), r);
                    pairs.put(contact.contactId(), r.id());
                });
            }
        }
        return new LoadedPage(page, links, records, pairs);
    }

    /** map: each paired CRM record into the shared vocabulary (contacts arrive in it); a refused value parks the contact. */
    public MappedPage map(LoadedPage page) {
        List<CtctChangePlanner.Input> inputs = new ArrayList<>();
        Map<String, String> parked = new LinkedHashMap<>();
        for (CtctContact contact : page.read().page().contacts()) {
            String crmId = page.crmIdByContactId().get(contact.contactId());
            CrmRecord record = crmId == null ? null : page.crmRecords().get(crmId);
            try {
                Map<String, String> crmNow = record == null || record.deleted() ? null : mapping.toVocabulary(record.fields());
                inputs.add(new CtctChangePlanner.Input(contact, page.links().get(contact.contactId()),
                        record == null ? null : record.id(), record == null ? null : record.updatedAt(),
                        record != null && record.deleted(), crmNow));
            } catch (MappingValueException e) {
                parked.put(contact.contactId(), "mapping: " + e.getMessage());
            }
        }
        return new MappedPage(page, inputs, parked);
    }

    /** plan: the three-way merge of each contact against its snapshot and the CRM record ({@link CtctChangePlanner}). */
    public PlannedPage plan(MappedPage page) {
        Instant now = clock.instant();
        List<CtctChangePlanner.Plan> plans = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (CtctChangePlanner.Input in : page.inputs()) {
            CtctChangePlanner.Plan plan = planner.decide(in, now);
            if (plan == null) {
                unchanged.add(in.contact().contactId());
                page.cycle().counts.inc(Counter.UNCHANGED);
            } else {
                plans.add(plan);
                page.cycle().counts.add(Counter.CONFLICTS, plan.conflicts().size());
            }
        }
        return new PlannedPage(page, plans, unchanged);
    }

    /** write: batch upserts and deletes in the CRM; a record the CRM refuses is parked and the rest written again. */
    public WrittenPage write(PlannedPage page) {
        List<CtctChangePlanner.Plan> writes = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (CtctChangePlanner.Plan p : page.plans()) {
            if (p.delete()) {
                deletes.add(p.crmId());
            } else if (!p.crmWrites().isEmpty()) {
                writes.add(p);
            }
        }
        Map<String, String> parked = new LinkedHashMap<>(page.mapped().parked());
        List<String> revived = page.plans().stream().filter(CtctChangePlanner.Plan::revive).map(CtctChangePlanner.Plan::crmId).toList();
        if (!revived.isEmpty()) {
            crm.restore(revived);
            page.cycle().counts.add(Counter.CRM_REVIVED, revived.size());
        }
        List<LinkedContact> written = upsert(page.cycle().counts, writes, parked);
        if (!deletes.isEmpty()) {
            crm.markDeleted(deletes, options.crmDeletePolicy());
            page.cycle().counts.add(Counter.CRM_DELETED, deletes.size());
        }
        return new WrittenPage(page, written, parked);
    }

    private List<LinkedContact> upsert(Counts counts, List<CtctChangePlanner.Plan> plans, Map<String, String> parked) {
        List<CtctChangePlanner.Plan> pending = new ArrayList<>(plans);
        while (!pending.isEmpty()) {
            List<CrmRecord> batch = new ArrayList<>();
            for (CtctChangePlanner.Plan p : pending) {
                batch.add(new CrmRecord(p.crmId(), mapping.toCrm(p.crmWrites()), null, false));
            }
            try {
                List<CrmRecord> stored = crm.upsert(batch);
                List<LinkedContact> written = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    CtctChangePlanner.Plan p = pending.get(i);
                    CrmRecord r = stored.get(i);
                    written.add(new LinkedContact(r.id(), p.contactId(), p.email(), p.snapshot(), r.updatedAt(),
                            p.ctctUpdatedAt(), clock.instant()));
                    counts.inc(p.create() ? Counter.CRM_CREATED : Counter.CRM_UPDATED);
                    if (p.optOut()) {
                        counts.inc(Counter.CRM_OPTED_OUT);
                    }
                    if (p.optOutCleared()) {
                        counts.inc(Counter.CRM_OPT_OUT_CLEARED);
                    }
                }
                return written;
            } catch (CrmWriteException e) {
                int bad = indexOf(pending, e);
                parked.put(pending.get(bad).contactId(), "CRM refused the write: " + e.getMessage());
                pending.remove(bad);
            }
        }
        return List.of();
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

    /** commit: links, snapshots, conflicts and dead letters; the checkpoint only with the pass's last page. */
    public CtctToCrmCycle commit(WrittenPage page) {
        CtctToCrmCycle c = page.cycle();
        Instant now = clock.instant();
        List<LinkedContact> links = new ArrayList<>(page.written());
        Set<String> written = new HashSet<>();
        page.written().forEach(l -> written.add(l.contactId()));
        List<ConflictRecord> conflicts = new ArrayList<>();
        List<String> resolved = new ArrayList<>(page.planned().unchanged());
        for (CtctChangePlanner.Plan p : page.planned().plans()) {
            if (page.parked().containsKey(p.contactId())) {
                continue;
            }
            resolved.add(p.contactId());
            conflicts.addAll(p.conflicts());
            if (!written.contains(p.contactId()) && p.crmId() != null) {
                links.add(new LinkedContact(p.crmId(), p.contactId(), p.email(), p.snapshot(), p.crmUpdatedAt(),
                        p.ctctUpdatedAt(), now));
            }
        }
        Map<String, Failure> failures = new LinkedHashMap<>();
        page.parked().forEach((id, why) -> failures.put(id, Failure.permanent(why)));
        List<DeadLetter> parked = deadLetters.park(failures, Map.of(), now);
        Checkpoint checkpoint = !c.morePages && c.maxSeen != null ? new Checkpoint(FLOW, c.maxSeen, "", now) : null;
        state.commit(new PageCommit(links, List.of(), parked, resolved, conflicts, List.of(), checkpoint, FLOW));
        c.counts.add(Counter.PARKED, parked.size());
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
