package io.contactsync.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.DeadLetterPage;
import io.contactsync.state.FlowLease;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator can do with dead letters, shared by {@code deadletters …}, {@code /admin/deadletters} and the status
 * page: list, show, retry, discard. Retry depends on the flow ({@link #retryMeans(Flow)}): crm-to-ctct re-drives its
 * due dead letters by key at the start of its next cycle; ctct-to-crm cannot read one contact by key, so a retry there
 * also removes its checkpoint and its next cycle reads every contact again (unchanged ones are recognised from their
 * snapshots and not written). Reasons are shown (they name field and rule, never a value); payloads only on request,
 * and never logged.
 */
public final class DeadLetterActions {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterActions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a retry reaches a flow's next cycle. */
    public enum Retry {
        /** The flow re-drives due dead letters by key first thing in its next cycle. */
        REDRIVE,
        /** The flow cannot read one record by key: its checkpoint is removed, its next cycle reads everything again. */
        REREAD_ALL
    }

    /** No dead letter has this id. */
    public static final class NotFound extends RuntimeException {
        NotFound(long id) {
            super("no dead letter with id " + id + " (see deadletters list, or list --discarded)");
        }
    }

    /** The action needs the flow idle and a process runs it now. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    /** What an action changed, and what the operator should know about it. */
    public record Outcome(List<DeadLetterEntry> changed, List<String> notes) {
    }

    private final StateStore state;
    private final Clock clock;

    public DeadLetterActions(StateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Pure: how a retry works for a flow (ctct-to-crm has no re-drive by key). */
    public static Retry retryMeans(Flow flow) {
        return flow == Flow.CRM_TO_CTCT ? Retry.REDRIVE : Retry.REREAD_ALL;
    }

    /**
     * @param flow null or blank for every flow
     * @throws IllegalArgumentException naming the flow, page or page size that is wrong
     */
    public DeadLetterPage list(String flow, boolean discarded, int page, int pageSize) {
        if (page < 1) {
            throw new IllegalArgumentException("page: must be 1 or more, not " + page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size: must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        return state.deadLetterPage(flowId(flow), discarded, page, pageSize);
    }

    public DeadLetterEntry show(long id, boolean withPayload) {
        return state.deadLetter(id, withPayload).orElseThrow(() -> new NotFound(id));
    }

    /** Retries one: due now, attempts reset; for ctct-to-crm its checkpoint is removed too (refused while it runs). */
    public Outcome retry(long id) {
        DeadLetterEntry found = show(id, false);
        Flow flow = Flow.of(found.letter().flow());
        requireIdleWhenRereading(List.of(flow));
        DeadLetterEntry done = state.retryDeadLetter(id, clock.instant()).orElseThrow(() -> new NotFound(id));
        return new Outcome(List.of(done), afterRetry(List.of(done)));
    }

    /** Retries every parked one of a flow (null or blank: of both). */
    public Outcome retryAll(String flow) {
        String id = flowId(flow);
        requireIdleWhenRereading(id == null ? Flows.order() : List.of(Flow.of(id)));
        List<DeadLetterEntry> done = state.retryDeadLetters(id, clock.instant());
        return new Outcome(done, afterRetry(done));
    }

    public Outcome discard(long id) {
        DeadLetterEntry done = state.discardDeadLetter(id, clock.instant()).orElseThrow(() -> new NotFound(id));
        LOG.info("Dead letter {} of {} discarded by an operator", id, done.letter().flow());
        return new Outcome(List.of(done), List.of("discarded: kept for the record (list --discarded), never re-driven"));
    }

    public Outcome discardAll(String flow) {
        List<DeadLetterEntry> done = state.discardDeadLetters(flowId(flow), clock.instant());
        LOG.info("{} dead letter(s) discarded by an operator", done.size());
        return new Outcome(done, List.of(done.size() + " discarded: kept for the record (list --discarded), never re-driven"));
    }

    /** A retry of a ctct-to-crm letter removes that flow's checkpoint; a cycle running now would write it back. */
    private void requireIdleWhenRereading(List<Flow> flows) {
        Instant now = clock.instant();
        for (Flow f : flows) {
            if (retryMeans(f) != Retry.REREAD_ALL) {
                continue;
            }
            Optional<FlowLease> lease = state.lease(f.id()).filter(l -> !l.expiredAt(now));
            if (lease.isPresent()) {
                throw new Busy(f.id() + " is running (held by " + lease.get().holder() + " since "
                        + lease.get().acquiredAt() + "): retry its dead letters once that cycle finished");
            }
        }
    }

    private List<String> afterRetry(List<DeadLetterEntry> done) {
        Set<Flow> flows = new LinkedHashSet<>();
        done.forEach(e -> flows.add(Flow.of(e.letter().flow())));
        List<String> notes = new ArrayList<>();
        for (Flow f : flows) {
            long n = done.stream().filter(e -> e.letter().flow().equals(f.id())).count();
            if (retryMeans(f) == Retry.REDRIVE) {
                notes.add(f.id() + ": " + n + " due now; the next cycle re-drives them first");
            } else {
                state.resetCheckpoint(f.id(), null);
                LOG.info("Retry of {} dead letter(s) of {}: checkpoint removed, the next cycle reads every contact again",
                        n, f.id());
                notes.add(f.id() + ": " + n + " to retry; its checkpoint was removed, so its next cycle reads every"
                        + " contact again (it cannot re-read one by key) and resolves those that now apply");
            }
        }
        if (done.isEmpty()) {
            notes.add("nothing to retry");
        }
        return notes;
    }

    private static String flowId(String flow) {
        if (flow == null || flow.isBlank()) {
            return null;
        }
        try {
            return Flow.of(flow.trim()).id();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flow: unknown flow '" + flow + "': use crm-to-ctct or ctct-to-crm");
        }
    }

    /** One dead letter as JSON; {@code payload} only when it was read. */
    public static ObjectNode json(DeadLetterEntry e) {
        DeadLetter d = e.letter();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("flow", d.flow());
        n.put("record", d.recordKey());
        n.put("kind", d.kind().id());
        n.put("attempts", d.attempts());
        n.put("first_parked_at", text(e.firstParkedAt()));
        n.put("parked_at", text(d.parkedAt()));
        n.put("next_attempt_at", text(d.nextAttemptAt()));
        n.put("discarded_at", text(e.discardedAt()));
        n.put("reason", d.reason());
        if (d.payload() != null) {
            n.put("payload", d.payload());
        }
        return n;
    }

    public static ObjectNode json(DeadLetterPage p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("page", p.page());
        n.put("page_size", p.pageSize());
        n.put("total", p.total());
        n.put("pages", p.pages());
        ArrayNode items = n.putArray("dead_letters");
        p.entries().forEach(e -> items.add(json(e)));
        return n;
    }

    public static ObjectNode json(Outcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("changed", o.changed().size());
        ArrayNode items = n.putArray("dead_letters");
        o.changed().forEach(e -> items.add(json(e)));
        ArrayNode notes = n.putArray("notes");
        o.notes().forEach(notes::add);
        return n;
    }

    /** When a dead letter will be tried again, for people. */
    public static String nextTry(DeadLetterEntry e) {
        DeadLetter d = e.letter();
        if (e.discarded()) {
            return "never (discarded " + e.discardedAt() + ")";
        }
        if (d.nextAttemptAt() != null) {
            return d.nextAttemptAt().toString();
        }
        return d.kind() == io.contactsync.state.FailureKind.TRANSIENT ? "never (out of attempts)" : "never (fix the record)";
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
