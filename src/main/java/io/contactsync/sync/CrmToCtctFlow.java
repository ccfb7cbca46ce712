package io.contactsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.constantcontact.transport.CtctApiException;
import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingProblem;
import io.contactsync.mapping.MappingValueException;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.PageCommit;
import io.contactsync.state.PendingActivity;
import io.contactsync.state.StateStore;
import io.contactsync.vocabulary.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code crm-to-ctct} flow's steps, called by name from {@code routes/crm-to-ctct.camel.yaml}:
 * begin → (read → map → compare → plan → write → confirm → commit)* → finish. Each page ends in one state-store
 * transaction whose last write is the checkpoint, so a crash anywhere redoes at most one page, and redoing it
 * is a no-op because unchanged records compare equal to their snapshots.
 */
public final class CrmToCtctFlow implements CycleFlow<CrmToCtctCycle> {

    private static final Logger LOG = LoggerFactory.getLogger(CrmToCtctFlow.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FLOW = Flow.CRM_TO_CTCT.id();

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
    private final CycleHook hook;

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
        this.hook = hook;
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
        c.run = runs.start();
        settleOutbox(c);
        checkCustomFields();
        lists.refresh();
        c.managedLists = new java.util.HashSet<>(lists.idsOf(mapping.listNamesUsed()));
        Duration overlap = options.overlap();
        c.position = state.checkpoint(FLOW)
                .map(cp -> CrmPosition.from(cp.position().minus(overlap)))
                .orElse(CrmPosition.from(Instant.EPOCH));
        return c;
    }

    /**
     * An activity posted before a crash may still be running: wait for it, so that the page it belonged to (read
     * again, since its checkpoint never moved) is not imported twice at once. Its effects are then redone by
     * that page, which is idempotent: imports match by e-mail.
     */
    private void settleOutbox(CrmToCtctCycle c) {
        List<Long> settled = new ArrayList<>();
        for (PendingActivity p : state.pendingActivities(FLOW)) {
            if (p.activityId() != null) {
                try {
                    ctct.awaitActivity(p.activityId());
                } catch (CtctApiException e) {
                    if (e.kind() != CtctApiException.Kind.PERMANENT) {
                        throw e;
                    }
                    LOG.warn("Outbox activity {} is unknown to Constant Contact ({}); redoing its page", p.activityId(), e.status());
                }
            }
            settled.add(p.id());
        }
        if (!settled.isEmpty()) {
            LOG.info("Settled {} activities left by an interrupted cycle", settled.size());
            state.commit(new PageCommit(List.of(), List.of(), List.of(), List.of(), List.of(), settled, null));
        }
    }

    private void checkCustomFields() {
        if (mapping.customFieldNames().isEmpty()) {
            return;
        }
        List<MappingProblem> problems = mapping.checkAgainstAccount(ctct.customFieldIdsByName().keySet());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the mapping names custom fields Constant Contact does not have:\n  "
                    + problems.stream().map(MappingProblem::toString).collect(Collectors.joining("\n  "))
                    + "\n  (create them in Constant Contact, or run: contact-sync validate --create-custom-fields)");
        }
    }

    public CrmToCtctCycle read(CrmToCtctCycle c) {
        c.page = crm.readChanges(c.position, options.pageSize());
        c.morePages = c.page.hasMore();
        c.counts.add(Counter.READ, c.page.records().size());
        return c;
    }

    public CrmToCtctCycle map(CrmToCtctCycle c) {
        List<CrmChangePlanner.Mapped> mapped = new ArrayList<>();
        for (CrmRecord r : c.page.records()) {
            try {
                Map<String, String> vocabulary = mapping.toVocabulary(r.fields());
                List<String> listIds = lists.idsOf(mapping.listNames(r.fields()));
                mapped.add(new CrmChangePlanner.Mapped(r.id(), vocabulary, listIds, r.deleted(), r.updatedAt(), null));
            } catch (MappingValueException e) {
                String error = r.deleted() ? null : "mapping: " + e.getMessage();
                mapped.add(new CrmChangePlanner.Mapped(r.id(), Map.of(), List.of(), r.deleted(), r.updatedAt(), error));
            }
        }
        c.mapped = mapped;
        return c;
    }

    /** Loads the links and snapshots the page's records are compared with. */
    public CrmToCtctCycle compare(CrmToCtctCycle c) {
        List<String> ids = c.mapped.stream().map(CrmChangePlanner.Mapped::crmId).toList();
        Set<String> emails = c.mapped.stream()
                .map(m -> m.vocabulary().getOrDefault(Vocabulary.EMAIL, "").trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).collect(Collectors.toSet());
        c.links = ids.isEmpty() ? Map.of() : state.linksByCrmIds(ids);
        c.emailOwners = emails.isEmpty() ? Map.of() : state.linksByEmails(emails);
        return c;
    }

    public CrmToCtctCycle plan(CrmToCtctCycle c) {
        c.decisions = planner.plan(c.mapped, c.links, c.emailOwners, c.managedLists);
        c.counts.add(Counter.UNCHANGED, c.decisions.unchanged().size());
        return c;
    }

    public CrmToCtctCycle write(CrmToCtctCycle c) {
        writer.write(c);
        return c;
    }

    public CrmToCtctCycle confirm(CrmToCtctCycle c) {
        writer.confirm(c);
        tellCrm(c);
        return c;
    }

    /** Writes back to the CRM what Constant Contact knows better (an unsubscribe the CRM tried to undo). */
    private void tellCrm(CrmToCtctCycle c) {
        List<CrmRecord> corrections = new ArrayList<>();
        for (RecordPlan p : c.decisions.plans()) {
            Map<String, String> tell = new HashMap<>(p.tellCrm());
            CtctContact found = c.confirmed.get(p.email());
            if (found != null && found.unsubscribed() && !Vocabulary.UNSUBSCRIBED.equals(p.snapshot().get(Vocabulary.PERMISSION_TO_SEND))) {
                // The e-mail was already in Constant Contact, unsubscribed: it stays so, and the CRM learns it.
                tell.put(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
                c.snapshotFixes.put(p.crmId(), Map.of(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED));
            }
            Map<String, Object> fields = tell.isEmpty() || c.failed.containsKey(p.crmId()) ? Map.of() : mapping.toCrm(tell);
            if (!fields.isEmpty()) {
                corrections.add(new CrmRecord(p.crmId(), fields, null, false));
            }
        }
        if (!corrections.isEmpty()) {
            crm.upsert(corrections);
            c.counts.add(Counter.CRM_TOLD_UNSUBSCRIBED, corrections.size());
        }
    }

    /** One transaction: links and snapshots, unlinks, dead letters, settled outbox entries, and last the checkpoint. */
    public CrmToCtctCycle commit(CrmToCtctCycle c) {
        Instant now = clock.instant();
        List<LinkedContact> links = new ArrayList<>();
        List<String> unlinks = new ArrayList<>();
        List<String> resolved = new ArrayList<>(c.decisions.unchanged());
        List<DeadLetter> parked = new ArrayList<>();
        Map<String, String> vocabularyById = new HashMap<>();
        c.mapped.forEach(m -> vocabularyById.put(m.crmId(), json(m.vocabulary())));
        c.decisions.parked().forEach((id, why) -> parked.add(new DeadLetter(FLOW, id, vocabularyById.get(id), why, 1, now)));
        for (RecordPlan p : c.decisions.plans()) {
            String failure = c.failed.get(p.crmId());
            if (failure != null) {
                parked.add(new DeadLetter(FLOW, p.crmId(), vocabularyById.get(p.crmId()), failure, 1, now));
                continue;
            }
            resolved.add(p.crmId());
            count(c, p);
            if (p.delete()) {
                unlinks.add(p.crmId());
                continue;
            }
            CtctContact found = c.confirmed.get(p.email());
            String contactId = p.contactId() != null ? p.contactId() : found.contactId();
            Map<String, String> snapshot = new HashMap<>(p.snapshot());
            snapshot.putAll(c.snapshotFixes.getOrDefault(p.crmId(), Map.of()));
            LinkedContact prior = c.links.get(p.crmId());
            Instant ctctUpdatedAt = found != null ? found.updatedAt() : prior == null ? null : prior.ctctUpdatedAt();
            links.add(new LinkedContact(p.crmId(), contactId, p.email(), snapshot, p.crmUpdatedAt(), ctctUpdatedAt, now));
        }
        List<Long> settled = c.started.stream().map(CrmToCtctCycle.Started::outboxId).toList();
        Checkpoint checkpoint = c.page.last() == null ? null
                : new Checkpoint(FLOW, c.page.last().updatedAt(), c.page.last().id(), now);
        hook.reached("before-commit");
        state.commit(new PageCommit(links, unlinks, parked, resolved, List.of(), settled, checkpoint));
        c.counts.add(Counter.PARKED, parked.size());
        if (c.page.last() != null) {
            c.position = c.page.last();
        }
        c.clearPage();
        return c;
    }

    private static void count(CrmToCtctCycle c, RecordPlan p) {
        if (p.delete()) {
            c.counts.inc(Counter.DELETED);
            return;
        }
        if (p.importRow() != null) {
            c.counts.inc(Counter.IMPORTED);
            c.counts.inc(p.isNew() ? Counter.CREATED : Counter.UPDATED);
        } else if (p.changeEmail() || !p.removeFromLists().isEmpty()) {
            c.counts.inc(Counter.UPDATED);
        }
        if (p.unsubscribe()) {
            c.counts.inc(Counter.UNSUBSCRIBED);
        }
    }

    public SyncSummary finish(CrmToCtctCycle c) {
        return runs.succeeded(c.run, c.counts);
    }

    /** Records a cycle that stopped on an error; its checkpoint stays at the last committed page. */
    @Override
    public SyncSummary abort(CrmToCtctCycle c, Throwable error) {
        return runs.aborted(c.run, c.counts, error);
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
