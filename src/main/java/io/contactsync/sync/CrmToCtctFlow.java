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
import java.util.stream.Collectors;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingValueException;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.PageCommit;
import io.contactsync.state.StateStore;
import io.contactsync.sync.CrmToCtctPages.ConfirmedPage;
import io.contactsync.sync.CrmToCtctPages.FollowedUpPage;
import io.contactsync.sync.CrmToCtctPages.LoadedPage;
import io.contactsync.sync.CrmToCtctPages.MappedPage;
import io.contactsync.sync.CrmToCtctPages.PlannedPage;
import io.contactsync.sync.CrmToCtctPages.ReadPage;
import io.contactsync.sync.CrmToCtctPages.WrittenPage;
import io.contactsync.vocabulary.Vocabulary;

/**
 * The {@code crm-to-ctct} flow's steps, called by name from {@code routes/crm-to-ctct.camel.yaml}:
 * begin → (read → map → load-state → plan → write → confirm → follow-up → commit)* → finish. Each page step takes
 * the record the step before it produced ({@link CrmToCtctPages}) and returns its own. Each page ends in one state-store
 * transaction whose last write is the checkpoint, so a crash anywhere redoes at most one page, and redoing it
 * is a no-op because unchanged records compare equal to their snapshots.
 */
public final class CrmToCtctFlow implements CycleFlow<CrmToCtctCycle> {

    static final String FLOW = Flow.CRM_TO_CTCT.id();
    /** Due dead letters one cycle re-drives (batch by batch, before the CRM's new changes); the rest wait a cycle. */
    static final int MAX_REDRIVE_PER_CYCLE = 100_000;

    private final CrmConnector crm;
    private final StateStore state;
    private final ContactMapping mapping;
    private final CtctClient ctct;
    private final ListDirectory lists;
    private final CrmChangePlanner planner;
    private final CtctWriter writer;
    private final SyncOptions options;
    private final Clock clock;
    private final RunRecorder runs;
    private final DeadLetters deadLetters;
    private final CycleHook hook;
    private final Guard guard;
    private final CrmToCtctPreview previews;
    private final CrmToCtctGuard guardStep;

    public CrmToCtctFlow(CrmConnector crm, StateStore state, ContactMapping mapping, CtctClient ctct,
                         ImportBatcher batcher, SyncOptions options, Clock clock, CycleHook hook) {
        this.crm = crm;
        this.state = state;
        this.mapping = mapping;
        this.ctct = ctct;
        this.lists = new ListDirectory(ctct, mapping.createMissingLists());
        this.planner = new CrmChangePlanner(options.ctctDeletePolicy());
        this.writer = new CtctWriter(ctct, state, batcher, hook, FLOW);
        this.options = options;
        this.clock = clock;
        this.runs = new RunRecorder(FLOW, state, ctct, clock);
        this.deadLetters = new DeadLetters(FLOW, state, options.redrive());
        this.hook = hook;
        this.guard = new Guard(FLOW, state, options.guard(), clock);
        this.previews = new CrmToCtctPreview(crm, state, ctct, mapping, options, guard, clock);
        this.guardStep = new CrmToCtctGuard(guard, hook);
    }

    @Override
    public Flow flow() {
        return Flow.CRM_TO_CTCT;
    }

    @Override
    public CrmToCtctCycle newCycle() {
        return new CrmToCtctCycle();
    }

    /** Starts the run record, settles activities a crash left in the outbox, and positions the reader. */
    public CrmToCtctCycle begin(CrmToCtctCycle c) {
        c.run = runs.start(c.context);
        c.guard = guard.begin();
        c.crmNow = crm.now();
        c.applying = c.context.plan();
        c.undo = c.context.undo();
        // An apply or an undo reads its records by key, as a re-drive does, and nothing else.
        c.redrive = c.context.onlyKeys() != null ? List.copyOf(c.context.onlyKeys())
                : state.dueDeadLetters(FLOW, clock.instant(), MAX_REDRIVE_PER_CYCLE).stream().map(DeadLetter::recordKey).toList();
        Outbox.settle(FLOW, state, ctct);
        hook.reached("crm-to-ctct:outbox-settled");
        c.startAt(state.checkpoint(FLOW).map(Checkpoint::position).orElse(null), options.overlap());
        c.expectedTotal = runs.expected(() -> crm.countChanges(c.position));
        return c;
    }

    /** Dry run (routes/dry-run.camel.yaml): {@link CrmToCtctPreview#begin}. */
    public CrmToCtctCycle beginPreview(CrmToCtctCycle c) {
        return previews.begin(c);
    }

    /** preview (dry run): {@link CrmToCtctPreview#preview}. */
    public CrmToCtctCycle preview(PlannedPage page) {
        return previews.preview(page);
    }

    /** The dry run's end: {@link CrmToCtctPreview#finish}. */
    public FlowPreview finishPreview(CrmToCtctCycle c) {
        return previews.finish(c);
    }

    /** The cycle's list directory: a dry run's own, else the flow's. */
    private ListDirectory lists(CrmToCtctCycle c) {
        return c.lists != null ? c.lists : lists;
    }

    /**
     * read: the CRM's next batch of changes after the cycle's position — CRM pages gathered until the batch holds
     * {@code sync.flow.push-batch} records or the CRM has no more, so imports fill toward Constant Contact's limits
     * and the batch's activities are polled and read back together. The batch is committed as one (its checkpoint
     * the last record read), so the checkpoint never passes a record that was not written or parked.
     */
    public ReadPage read(CrmToCtctCycle c) {
        if (!c.redrive.isEmpty()) {
            // Re-drive first: the records whose transient dead letters are due, read again as they are now.
            int n = Math.min(c.redrive.size(), options.pushBatch());
            Set<String> keys = Set.copyOf(c.redrive.subList(0, n));
            c.redrive = List.copyOf(c.redrive.subList(n, c.redrive.size()));
            List<CrmRecord> records = new ArrayList<>(crm.findByIds(keys).values());
            if (c.context.onlyKeys() != null) {
                c.morePages = !c.redrive.isEmpty();
            } else {
                c.counts.add(Counter.REDRIVEN, keys.size());
            }
            Set<String> redriven = new HashSet<>(c.redriven);
            redriven.addAll(keys);
            c.redriven = redriven;
            hook.reached("crm-to-ctct:redrive-read");
            return new ReadPage(c, new CrmPage(records, null, true), keys);
        }
        List<CrmRecord> batch = new ArrayList<>();
        CrmPosition position = c.position;
        CrmPage page;
        do {
            page = crm.readChanges(position, options.pageSize());
            c.counts.add(Counter.READ, page.records().size());
            for (CrmRecord r : page.records()) {
                // Re-driven moments ago in this cycle, as the record is now: not a second time (the overlap re-reads it).
                if (!c.redriven.contains(r.id())) {
                    batch.add(r);
                }
            }
            if (page.last() != null) {
                position = page.last();
            }
        } while (page.hasMore() && page.last() != null && batch.size() < options.pushBatch());
        c.morePages = page.hasMore();
        hook.reached("crm-to-ctct:read");
        return new ReadPage(c, new CrmPage(batch, position == c.position ? null : position, page.hasMore()), Set.of());
    }

    /** map: each record into the shared vocabulary and its lists; a value the mapping refuses parks the record. */
    public MappedPage map(ReadPage page) {
        List<CrmRecord> records = withoutOverlapEchoes(page);
        if (!records.isEmpty()) {
            prepareAccount(page.cycle());
        }
        List<CrmChangePlanner.Mapped> mapped = new ArrayList<>();
        for (CrmRecord r : records) {
            try {
                Map<String, String> vocabulary = mapping.toVocabulary(r.fields());
                List<String> listIds = lists(page.cycle()).idsOf(mapping.listNames(r.fields()));
                mapped.add(new CrmChangePlanner.Mapped(r.id(), vocabulary, listIds, r.deleted(), r.updatedAt(), null));
            } catch (MappingValueException e) {
                String error = r.deleted() ? null : "mapping: " + e.getMessage();
                mapped.add(new CrmChangePlanner.Mapped(r.id(), Map.of(), List.of(), r.deleted(), r.updatedAt(), error));
            }
        }
        hook.reached("crm-to-ctct:mapped");
        return new MappedPage(page, mapped);
    }

    /**
     * The page without the records the overlap re-read although they have not changed since they were synced (same
     * CRM {@code updated_at} as their link, at or before the checkpoint: {@link CrmChangePlanner#alreadySynced}),
     * counted unchanged. So a cycle with no CRM change calls nothing in Constant Contact: without this, the overlap's
     * re-read of the last synced changes needed the account's lists and fields to be planned as unchanged.
     */
    private List<CrmRecord> withoutOverlapEchoes(ReadPage page) {
        CrmToCtctCycle c = page.cycle();
        List<CrmRecord> records = page.page().records();
        if (c.checkpointAt == null || !page.redriven().isEmpty() || records.isEmpty()) {
            return records;
        }
        List<String> inOverlap = records.stream().filter(r -> r.updatedAt() != null && !r.updatedAt().isAfter(c.checkpointAt))
                .map(CrmRecord::id).toList();
        if (inOverlap.isEmpty()) {
            return records;
        }
        Map<String, LinkedContact> links = state.linksByCrmIds(inOverlap);
        List<CrmRecord> changed = new ArrayList<>();
        int echoes = 0;
        for (CrmRecord r : records) {
            if (CrmChangePlanner.alreadySynced(r.updatedAt(), c.checkpointAt, links.get(r.id()))) {
                echoes++;
            } else {
                changed.add(r);
            }
        }
        c.counts.add(Counter.UNCHANGED, echoes);
        return changed;
    }

    /**
     * The account's custom fields and lists, checked once per cycle and only when there is something to push: a
     * cycle with no CRM change makes no API call at all.
     */
    private void prepareAccount(CrmToCtctCycle c) {
        if (c.accountChecked) {
            return;
        }
        CustomFields.check(mapping, ctct);
        lists(c).refresh();
        c.managedLists = Set.copyOf(lists(c).idsOf(mapping.listNamesUsed()));
        c.accountChecked = true;
    }

    /** load-state: the links and snapshots the page's records are planned against, and who holds their e-mails. */
    public LoadedPage loadState(MappedPage page) {
        List<String> ids = page.records().stream().map(CrmChangePlanner.Mapped::crmId).toList();
        Set<String> emails = page.records().stream()
                .map(m -> m.vocabulary().getOrDefault(Vocabulary.EMAIL, "").trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).collect(Collectors.toSet());
        Map<String, LinkedContact> links = ids.isEmpty() ? Map.of() : state.linksByCrmIds(ids);
        Map<String, LinkedContact> owners = emails.isEmpty() ? Map.of() : state.linksByEmails(emails);
        Map<String, Instant> ctctEdits = links.isEmpty() ? Map.of() : ctctEdits(page.cycle());
        hook.reached("crm-to-ctct:loaded");
        return new LoadedPage(page, links, owners, ctctEdits);
    }

    /** Contacts Constant Contact changed since the last pull, read once per cycle ({@link CtctEditsSincePull}). */
    private Map<String, Instant> ctctEdits(CrmToCtctCycle c) {
        if (c.ctctEdits == null) {
            Instant since = state.checkpoint(Flow.CTCT_TO_CRM.id()).map(cp -> cp.position().minus(options.overlap())).orElse(null);
            c.ctctEdits = CtctEditsSincePull.read(ctct, since);
        }
        return c.ctctEdits;
    }

    /** plan: what each record needs in Constant Contact (pure: {@link CrmChangePlanner}). */
    public PlannedPage plan(LoadedPage page) {
        if (page.cycle().undo != null) {
            // An undo plans from the run's journal, not from the CRM: each field back to its value before the run.
            UndoPlanner.Push undo = UndoPlanner.push(page.cycle().undo, page.links(), page.ctctEdits());
            page.cycle().undoSkipped.putAll(undo.skipped());
            hook.reached("crm-to-ctct:planned");
            return new PlannedPage(page, new CrmChangePlanner.Decisions(undo.plans(), List.of(), Map.of()));
        }
        CrmChangePlanner.Decisions decisions = planner.plan(page.mapped().records(), page.links(), page.emailOwners(),
                page.cycle().managedLists, page.ctctEdits());
        page.cycle().counts.add(Counter.UNCHANGED, decisions.unchanged().size());
        hook.reached("crm-to-ctct:planned");
        return new PlannedPage(page, decisions);
    }

    /** verify: {@link CrmToCtctGuard#verify}: an apply refuses records changed since its plan. */
    public PlannedPage verify(PlannedPage page) {
        return guardStep.verify(page);
    }

    /** guard: {@link CrmToCtctGuard#guard}: the blast-radius guard, before the batch's first write. */
    public PlannedPage guard(PlannedPage page) {
        return guardStep.guard(page);
    }

    /** write: PUTs and activities in Constant Contact, each activity in the outbox before its POST. */
    public WrittenPage write(PlannedPage page) {
        WrittenPage written = writer.write(page);
        hook.reached("crm-to-ctct:written");
        return written;
    }

    /** confirm: every activity polled to its end, row errors tied to records, imported contacts read back. */
    public ConfirmedPage confirm(WrittenPage page) {
        ConfirmedPage confirmed = writer.confirm(page);
        page.cycle().counts.add(Counter.ACTIVITIES, confirmed.activities());
        hook.reached("crm-to-ctct:confirmed");
        return confirmed;
    }

    /**
     * follow-up: what the read-back calls for ({@link ImportFollowUpPlanner}): unsubscribe new contacts the CRM
     * opted out, and tell the CRM of contacts Constant Contact keeps unsubscribed.
     */
    public FollowedUpPage followUp(ConfirmedPage page) {
        ImportFollowUpPlanner.FollowUps followUps = ImportFollowUpPlanner.decide(page.planned().decisions().plans(),
                page.readBack(), page.wholeContacts(), page.failed(), page.unattributed());
        Map<String, Failure> failed = new LinkedHashMap<>(page.failed());
        failed.putAll(followUps.failed());
        for (ImportFollowUpPlanner.Unsubscribe u : followUps.unsubscribes()) {
            if (u.whole()) {
                writer.unsubscribe(failed, u.crmId(), u.current());
            } else {
                writer.unsubscribe(failed, u.crmId(), u.contactId());
            }
        }
        List<CrmRecord> corrections = new ArrayList<>();
        followUps.crmCorrections().forEach((crmId, fields) -> {
            Map<String, Object> values = failed.containsKey(crmId) ? Map.of() : mapping.toCrm(fields);
            if (!values.isEmpty()) {
                corrections.add(new CrmRecord(crmId, values, null, false));
            }
        });
        hook.reached("crm-to-ctct:follow-up-unsubscribed");
        if (!corrections.isEmpty()) {
            crm.upsert(corrections);
            page.cycle().counts.add(Counter.CRM_TOLD_UNSUBSCRIBED, corrections.size());
        }
        hook.reached("crm-to-ctct:followed-up");
        return new FollowedUpPage(page, failed, followUps.snapshotFixes(), corrections.size());
    }

    /** commit: one transaction of links and snapshots, unlinks, dead letters, settled outbox entries, and last the checkpoint. */
    public CrmToCtctCycle commit(FollowedUpPage page) {
        CrmToCtctCycle c = page.cycle();
        PlannedPage planned = page.confirmed().planned();
        CrmChangePlanner.Decisions decisions = planned.decisions();
        Map<String, CtctContact> readBack = page.confirmed().readBack();
        Instant now = clock.instant();
        List<LinkedContact> links = new ArrayList<>();
        List<String> unlinks = new ArrayList<>();
        List<String> resolved = new ArrayList<>(decisions.unchanged());
        Map<String, Failure> failures = new LinkedHashMap<>();
        decisions.parked().forEach((id, why) -> failures.put(id, Failure.permanent(why)));
        decisions.deferred().forEach((id, why) -> failures.put(id, Failure.transientFailure(why)));
        Instant ctctNow = ctct.serverNow().orElse(null);
        List<JournalPlanner.Pushed> journaled = new ArrayList<>();
        Set<String> deletedInCrm = CrmToCtctCommits.deletedInCrm(planned);
        for (RecordPlan p : decisions.plans()) {
            Failure failure = page.failed().get(p.crmId());
            if (failure != null) {
                failures.put(p.crmId(), failure);
                continue;
            }
            resolved.add(p.crmId());
            CrmToCtctCommits.count(c.counts, p, page.confirmed().existedBefore().contains(p.email()));
            journaled.add(CrmToCtctCommits.journaled(p, planned, page, deletedInCrm));
            if (p.delete()) {
                unlinks.add(p.crmId());
                continue;
            }
            // A new record that was not failed was created by POST or read back (ImportFollowUpPlanner fails it otherwise).
            CtctContact found = p.createsUnsubscribed() ? page.confirmed().written().created().get(p.crmId())
                    : readBack.get(p.email());
            String contactId = p.contactId() != null ? p.contactId() : found.contactId();
            Map<String, String> snapshot = new HashMap<>(p.snapshot());
            snapshot.putAll(page.snapshotFixes().getOrDefault(p.crmId(), Map.of()));
            LinkedContact prior = planned.loaded().links().get(p.crmId());
            Instant ctctUpdatedAt = found != null ? found.updatedAt() : prior == null ? null : prior.ctctUpdatedAt();
            if (ctctNow != null && CrmToCtctCommits.wroteTo(p) && (ctctUpdatedAt == null || ctctNow.isAfter(ctctUpdatedAt))) {
                // Our own writes moved the contact's updated_at (a PUT, a list removal): Constant Contact's clock
                // after them, so the next push does not take them for someone's edit.
                ctctUpdatedAt = ctctNow;
            }
            links.add(new LinkedContact(p.crmId(), contactId, p.email(), snapshot, p.crmUpdatedAt(), ctctUpdatedAt, now));
        }
        // A re-driven record the CRM no longer has needs nothing any more.
        Set<String> present = new HashSet<>();
        planned.loaded().mapped().records().forEach(m -> present.add(m.crmId()));
        planned.loaded().mapped().read().redriven().stream().filter(id -> !present.contains(id)).forEach(resolved::add);
        List<DeadLetter> parked = deadLetters.park(failures, CrmToCtctCommits.vocabularies(planned.loaded().mapped().records()), now);
        List<Long> settled = new ArrayList<>(page.confirmed().written().unsent());
        page.confirmed().written().started().forEach(st -> settled.add(st.outboxId()));
        CrmPosition last = planned.loaded().mapped().read().page().last();
        Checkpoint checkpoint = last == null ? null : CrmToCtctCommits.capped(FLOW, last, c.crmNow, now);
        CrmToCtctCommits.reportFutureDated(c, planned);
        hook.reached("before-commit");
        long toRetry = parked.stream().filter(DeadLetter::willRetry).count();
        PageCommit commit = new PageCommit(links, unlinks, parked, resolved, List.of(), settled, checkpoint, FLOW)
                .withJournal(UndoPlanner.journal(c.undo, JournalPlanner.pushed(c.run.id(), FLOW, journaled)));
        runs.commit(c.run, commit, c.counts, parked.size(), toRetry, c.expectedTotal);
        c.counts.add(Counter.PARKED, parked.size());
        c.counts.add(Counter.TO_RETRY, toRetry);
        if (last != null) {
            c.position = last;
        }
        hook.reached("crm-to-ctct:committed");
        return c;
    }

    public SyncSummary finish(CrmToCtctCycle c) {
        if (!c.stopped && c.context.onlyKeys() == null) {
            // A stopped cycle may not have reached the decided records yet; an apply reads only its plan's records.
            guard.finished(c.guard);
        }
        return runs.finished(c.run, c.counts, c.stopped);
    }

    @Override
    public void attach(CrmToCtctCycle c, CycleContext context) {
        c.context = context;
    }

    @Override
    public void attachPreview(CrmToCtctCycle c, java.util.function.Consumer<List<PlanPreview.Entry>> sink) {
        c.preview = new FlowPreview.Gathering(sink);
    }

    @Override
    public Long runId(CrmToCtctCycle c) {
        RunRecorder.Run run = c.run;
        return run == null ? null : run.id();
    }

    /** Records a cycle that stopped on an error; its checkpoint stays at the last committed page. */
    @Override
    public SyncSummary abort(CrmToCtctCycle c, Throwable error) {
        return runs.aborted(c.run, c.context, c.counts, error);
    }

}
