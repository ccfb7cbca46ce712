package io.contactsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmRecord;
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
    /** The vocabulary fields the mapping carries to the CRM: an export file must have a column for each. */
    private final Set<String> toCrmFields;
    private final SyncOptions options;
    private final int pageSize;
    private final Clock clock;

    private final RunRecorder runs;
    private final CycleHook hook;
    private final DeadLetters deadLetters;
    private final Guard guard;
    private final CtctToCrmPreview previews;
    private final CtctToCrmGuard guardStep;
    private final CtctToCrmWriter writer;

    public CtctToCrmFlow(CrmConnector crm, StateStore state, ContactMapping mapping, CtctClient ctct,
                         SyncOptions options, int pageSize, Clock clock, CycleHook hook) {
        this.crm = crm;
        this.state = state;
        this.mapping = mapping;
        this.ctct = ctct;
        Set<String> toCrm = new HashSet<>();
        mapping.vocabularyFields().stream().filter(mapping::syncsToCrm).forEach(toCrm::add);
        this.toCrmFields = Set.copyOf(toCrm);
        this.planner = new CtctChangePlanner(toCrm, mapping::conflictPolicy, options.createCrmContacts(),
                options.crmDeletePolicy());
        this.options = options;
        this.pageSize = pageSize;
        this.clock = clock;
        this.hook = hook;
        this.runs = new RunRecorder(FLOW, state, ctct, clock);
        this.deadLetters = new DeadLetters(FLOW, state, options.redrive());
        this.guard = new Guard(FLOW, state, options.guard(), clock);
        this.previews = new CtctToCrmPreview(state, ctct, options, guard);
        this.guardStep = new CtctToCrmGuard(crm, state, mapping, guard, hook);
        this.writer = new CtctToCrmWriter(crm, mapping, planner, options, clock, hook);
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
        c.run = runs.start(c.context);
        c.guard = guard.begin();
        c.applying = c.context.plan();
        c.undo = c.context.undo();
        hook.reached("ctct-to-crm:begun");
        c.maxSeen = state.checkpoint(FLOW).map(Checkpoint::position).orElse(null);
        c.after = c.maxSeen == null ? null : c.maxSeen.minus(options.overlap());
        return c;
    }

    /**
     * read: the next batch of contacts updated after the checkpoint (minus the overlap), every status: Constant
     * Contact's pages — or a large pass's one export file, read a page's worth at a time ({@link FullRead}) — gathered
     * until the batch holds {@code sync.flow.push-batch} contacts or there are no more, so the blast-radius guard
     * judges a whole batch (a whole pass, for most passes) before its first write.
     */
    public ReadPage read(CtctToCrmCycle c) {
        if (c.context.onlyKeys() != null) {
            // An apply or an undo reads exactly its contacts, one GET each, and moves no checkpoint (maxSeen stays null).
            List<CtctContact> planned = new ArrayList<>();
            c.context.onlyKeys().forEach(id -> planned.add(ctct.getContact(id)));
            c.maxSeen = null;
            c.morePages = false;
            c.counts.add(Counter.READ, planned.size());
            hook.reached("ctct-to-crm:read");
            return new ReadPage(c, new ContactPage(planned, null));
        }
        if (c.fullRead == null) {
            c.fullRead = ctct.fullRead(c.after, pageSize, toCrmFields);
        }
        List<CtctContact> batch = new ArrayList<>();
        do {
            ContactPage page = c.fullRead.next();
            c.morePages = c.fullRead.more();
            c.counts.add(Counter.READ, page.contacts().size());
            for (CtctContact contact : page.contacts()) {
                if (contact.updatedAt() != null && (c.maxSeen == null || contact.updatedAt().isAfter(c.maxSeen))) {
                    c.maxSeen = contact.updatedAt();
                }
            }
            batch.addAll(page.contacts());
        } while (c.morePages && batch.size() < options.pushBatch());
        // An export holds no change made after it began: the checkpoint must not pass that moment.
        c.fullRead.checkpointCap().filter(cap -> c.maxSeen != null && c.maxSeen.isAfter(cap)).ifPresent(cap -> c.maxSeen = cap);
        hook.reached("ctct-to-crm:read");
        return new ReadPage(c, new ContactPage(batch, null));
    }

    /**
     * load-state: each contact's link, and the CRM record it pairs with: the linked record, or for a contact not
     * linked yet (and not deleted) the CRM record with its e-mail.
     */
    public LoadedPage loadState(ReadPage page) {
        List<CtctContact> contacts = page.page().contacts();
        if (!contacts.isEmpty() && !page.cycle().customFieldsChecked) {
            // Before anything is written: a mapped custom field gone from the account would read as "no value".
            CustomFields.check(mapping, ctct);
            page.cycle().customFieldsChecked = true;
        }
        List<String> ids = contacts.stream().map(CtctContact::contactId).toList();
        Map<String, LinkedContact> links = ids.isEmpty() ? Map.of() : state.linksByContactIds(ids);
        Map<String, CrmRecord> records = new HashMap<>(crm.findByIds(links.values().stream().map(LinkedContact::crmId).toList()));
        Map<String, String> pairs = new HashMap<>();
        List<String> unlinkedEmails = new ArrayList<>();
        for (CtctContact contact : contacts) {
            LinkedContact link = links.get(contact.contactId());
            if (link != null) {
                pairs.put(contact.contactId(), link.crmId());
            } else if (!contact.deleted() && !contact.email().isBlank()) {
                unlinkedEmails.add(contact.email());
            }
        }
        // One set-based look-up for the page's unlinked contacts, not one query per contact.
        Map<String, CrmRecord> byEmail = unlinkedEmails.isEmpty() ? Map.of() : crm.findByEmails(unlinkedEmails);
        for (CtctContact contact : contacts) {
            CrmRecord r = links.containsKey(contact.contactId()) ? null : byEmail.get(contact.email().trim().toLowerCase(Locale.ROOT));
            if (r != null) {
                records.put(r.id(), r);
                pairs.put(contact.contactId(), r.id());
            }
        }
        hook.reached("ctct-to-crm:loaded");
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
        hook.reached("ctct-to-crm:mapped");
        return new MappedPage(page, inputs, parked);
    }

    /** plan: the three-way merge of each contact against its snapshot and the CRM record ({@link CtctChangePlanner}). */
    public PlannedPage plan(MappedPage page) {
        if (page.cycle().undo != null) {
            // An undo plans from the run's journal: each CRM field back to its value before the run.
            UndoPlanner.Pull undo = UndoPlanner.pull(page.cycle().undo, page.inputs());
            page.cycle().undoSkipped.putAll(undo.skipped());
            hook.reached("ctct-to-crm:planned");
            return new PlannedPage(page, undo.plans(), List.of());
        }
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
        hook.reached("ctct-to-crm:planned");
        return new PlannedPage(page, plans, unchanged);
    }

    /** Dry run (routes/dry-run.camel.yaml): {@link CtctToCrmPreview#begin}. */
    public CtctToCrmCycle beginPreview(CtctToCrmCycle c) {
        return previews.begin(c);
    }

    /** preview (dry run): {@link CtctToCrmPreview#preview}. */
    public CtctToCrmCycle preview(PlannedPage page) {
        return previews.preview(page);
    }

    /** The dry run's end: {@link CtctToCrmPreview#finish}. */
    public FlowPreview finishPreview(CtctToCrmCycle c) {
        return previews.finish(c);
    }

    /** verify: {@link CtctToCrmGuard#verify}: an apply refuses contacts changed since its plan. */
    public PlannedPage verify(PlannedPage page) {
        return guardStep.verify(page);
    }

    /** guard: {@link CtctToCrmGuard#guard}: the blast-radius guard, before the page's first write. */
    public PlannedPage guard(PlannedPage page) {
        return guardStep.guard(page);
    }

    /** write: {@link CtctToCrmWriter#write}: batch upserts and deletes in the CRM, merged again when a row moved. */
    public WrittenPage write(PlannedPage page) {
        return writer.write(page);
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
        for (CtctChangePlanner.Plan p : page.plans()) {
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
        Checkpoint checkpoint = !c.morePages && c.maxSeen != null ? new Checkpoint(FLOW, capped(c.maxSeen), "", now) : null;
        hook.reached("ctct-to-crm:before-commit");
        PageCommit commit = new PageCommit(links, List.of(), parked, resolved, conflicts, List.of(), checkpoint, FLOW)
                .withJournal(UndoPlanner.journal(c.undo, CtctToCrmJournal.entries(page, c.run.id(), FLOW, options.crmDeletePolicy())));
        runs.commit(c.run, commit, c.counts, parked.size(), 0, null);
        hook.reached("ctct-to-crm:committed");
        c.counts.add(Counter.PARKED, parked.size());
        return c;
    }

    /**
     * Never past Constant Contact's own "now" (its clock as its {@code Date} headers tell): a contact stamped in the
     * future cannot make the next pass skip what changes meanwhile.
     */
    private Instant capped(Instant maxSeen) {
        return ctct.serverNow().filter(maxSeen::isAfter).orElse(maxSeen);
    }

    public SyncSummary finish(CtctToCrmCycle c) {
        c.closeRead();
        if (!c.stopped && c.context.onlyKeys() == null) {
            // A stopped cycle may not have reached the decided records yet; an apply reads only its plan's records.
            guard.finished(c.guard);
        }
        return runs.finished(c.run, c.counts, c.stopped);
    }

    @Override
    public void attach(CtctToCrmCycle c, CycleContext context) {
        c.context = context;
    }

    @Override
    public void attachPreview(CtctToCrmCycle c, java.util.function.Consumer<List<PlanPreview.Entry>> sink) {
        c.preview = new FlowPreview.Gathering(sink);
    }

    @Override
    public Long runId(CtctToCrmCycle c) {
        RunRecorder.Run run = c.run;
        return run == null ? null : run.id();
    }

    @Override
    public void release(CtctToCrmCycle c) {
        c.closeRead();
    }

    /** Records a cycle that stopped on an error; its checkpoint stays at the last committed page. */
    @Override
    public SyncSummary abort(CtctToCrmCycle c, Throwable error) {
        c.closeRead();
        return runs.aborted(c.run, c.context, c.counts, error);
    }

}
