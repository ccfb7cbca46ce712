package io.contactsync.state;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's durable memory: checkpoints, links and snapshots, the outbox, runs, dead letters, conflicts and
 * the OAuth tokens. The only place that commits. Thread-safe.
 */
public interface StateStore extends AutoCloseable {

    Optional<Checkpoint> checkpoint(String flow);

    /** Sets (or with null, removes) a flow's checkpoint outside a page commit: operator resync only. */
    void resetCheckpoint(String flow, Checkpoint checkpointOrNull);

    Map<String, LinkedContact> linksByCrmIds(Collection<String> crmIds);

    Map<String, LinkedContact> linksByContactIds(Collection<String> contactIds);

    /** Links whose e-mail equals one of these (lower-cased before lookup), keyed by lower-cased e-mail. */
    Map<String, LinkedContact> linksByEmails(Collection<String> emails);

    long linkCount();

    // ---- the blast-radius guard's held plans (docs/safety.md) ----

    /** Stores a held run's plan; a plan of the same flow still awaiting a decision is superseded by it. */
    void holdPlan(HeldPlan plan);

    /** A held plan by its run id, with its effects; empty when that run was not held. */
    Optional<HeldPlan> heldPlan(long runId);

    /** The flow's held plans in these statuses, oldest first, with their effects. */
    List<HeldPlan> heldPlans(String flow, Collection<HeldPlan.Status> statuses);

    /** Approves or rejects a plan that is {@code held}; false when it is not (decided already, superseded, unknown). */
    boolean decideHeldPlan(long runId, HeldPlan.Status decision, String decidedBy, Instant at);

    /** Marks decisions applied by a cycle that ended: {@code spent}, so each applies once. */
    void spendHeldPlans(Collection<Long> runIds, Instant at);

    /** Records a planned remote write before it is made; returns its outbox id. */
    long addPendingActivity(String flow, String kind, String payload);

    /** Records the remote activity id once the POST answered. */
    void setPendingActivityId(long pendingId, String activityId);

    /** Outbox entries of a flow, oldest first. */
    List<PendingActivity> pendingActivities(String flow);

    /** Starts a run record with status {@code running}; returns its id. */
    long startRun(String flow, Instant startedAt);

    /** As {@link #startRun(String, Instant)}, naming what started it ({@code cli}, {@code schedule}, …; null: unknown). */
    long startRun(String flow, Instant startedAt, String trigger);

    /**
     * Opens a run record with status {@code queued} for a run asked for now and started later by {@code holder}
     * (the runner's lease holder name); returns its id. A queued run its runner stopped renewing
     * ({@link #touchQueuedRuns}) for a lease ttl is marked {@code abandoned} when the flow's lease is next taken.
     */
    long queueRun(String flow, String trigger, String holder, Instant at);

    /** Its runner still waits to start these queued runs (renewed while they wait, so they are not taken for dead). */
    void touchQueuedRuns(Collection<Long> ids, Instant at);

    /** A queued run starts: {@code running}, started at {@code startedAt}; false when it is no longer queued. */
    boolean beginRun(long id, Instant startedAt);

    /** A queued run that could not start (its flow was busy): {@code refused} with the reason. */
    void refuseRun(long id, Instant at, String reason);

    /** One run record, open or ended, with its progress. */
    Optional<RunRecord> run(long id);

    /** A flow's queued and running runs, oldest first. */
    List<RunRecord> openRuns(String flow);

    /** Commits one page of work in one transaction (the run's progress too, when it carries it), the checkpoint last. */
    void commit(PageCommit commit);

    /** Writes a run's final status, counts, API calls and duration. */
    void finishRun(RunRecord run);

    /** The newest runs first, across flows. */
    List<RunRecord> lastRuns(int limit);

    /** Dead letters still parked (discarded ones are not counted). */
    long deadLetterCount();

    /**
     * A page of dead letters, the most recently parked first, without payloads.
     *
     * @param flowOrNull null for every flow
     * @param discarded  true for the discarded ones only, false for those still parked
     * @param page       1-based
     */
    DeadLetterPage deadLetterPage(String flowOrNull, boolean discarded, int page, int pageSize);

    /** One dead letter by its id, discarded or not; the payload (personal data) only when asked. */
    Optional<DeadLetterEntry> deadLetter(long id, boolean withPayload);

    /**
     * Makes a dead letter due at {@code now} with a fresh attempt budget (a discarded one is parked again), so that
     * a flow that re-drives picks it up on its next cycle; empty when there is no such id.
     */
    Optional<DeadLetterEntry> retryDeadLetter(long id, Instant now);

    /** {@link #retryDeadLetter} for every parked one of a flow (null: of every flow); returns those it changed. */
    List<DeadLetterEntry> retryDeadLetters(String flowOrNull, Instant now);

    /** Gives a dead letter up: kept with its discard time, never re-driven, not counted; empty when no such id. */
    Optional<DeadLetterEntry> discardDeadLetter(long id, Instant now);

    /** {@link #discardDeadLetter} for every parked one of a flow (null: of every flow); returns those it changed. */
    List<DeadLetterEntry> discardDeadLetters(String flowOrNull, Instant now);

    /** Dead letters of a flow still parked (not discarded), the most recently parked first. */
    List<DeadLetter> deadLetters(String flow, int limit);

    /** Transient dead letters of a flow whose next attempt is due at {@code now} (oldest due first), at most {@code limit}. */
    List<DeadLetter> dueDeadLetters(String flow, Instant now, int limit);

    /** How many times each of these records of a flow has been parked so far; records not parked are absent. */
    Map<String, Integer> deadLetterAttempts(String flow, Collection<String> recordKeys);

    /** The newest conflicts first. */
    List<ConflictRecord> recentConflicts(int limit);

    long conflictCount();

    /**
     * A contact's journal (docs/journal.md): the entries naming any of these CRM ids, contact ids or e-mails (compared
     * lower case), oldest first, at most the newest {@code limit}. Empty keys find nothing.
     */
    List<JournalEntry> journal(Collection<String> crmIds, Collection<String> contactIds, Collection<String> emails, int limit);

    /** Deletes the journal entries written before {@code cutoff} (the retention); returns how many. */
    int purgeJournal(Instant cutoff);

    /** The newest refresh token stored for this OAuth client id. */
    Optional<String> refreshToken(String clientId);

    /** Durably stores a refresh token (committed before this returns). */
    void saveRefreshToken(String clientId, String refreshToken);

    /** Everything stored for this OAuth client id (token values as given to the writes below). */
    Optional<OAuthTokens> oauthTokens(String clientId);

    /**
     * Durably stores the refresh token a refresh is about to spend, marks that refresh as started and forgets the
     * access token: if the answer is lost, the next start sees the mark and spends the same token again.
     */
    void markRefreshStarted(String clientId, String refreshToken);

    /** Durably stores the tokens a refresh returned and clears the started mark (committed before this returns). */
    void saveTokens(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt);

    /**
     * Takes a flow's lease for {@code holder}, in one transaction, when no one holds it, when its holder's lease
     * expired at {@code now} (that holder died: its runs still {@code running} are marked {@code abandoned}), or when
     * {@code holder} already holds it. Otherwise returns the live holder. Of two concurrent callers, exactly one gets
     * {@link LeaseOutcome.Acquired}. {@code holder} must be unique per process and runner.
     */
    LeaseOutcome tryAcquireLease(String flow, String holder, Duration ttl, Instant now);

    /**
     * Renews the holder's lease to {@code now + ttl}, recording {@code runIdOrNull} when given; false when the holder
     * no longer holds it (it expired and another process took it over).
     */
    boolean heartbeatLease(String flow, String holder, Long runIdOrNull, Duration ttl, Instant now);

    /** Gives the lease up; a no-op when the holder no longer holds it. */
    void releaseLease(String flow, String holder);

    /** The flow's lease as stored, expired or not; empty when no one holds it. */
    Optional<FlowLease> lease(String flow);

    /** The requests of this OAuth client on this UTC day, by every process sharing the store (zero when none). */
    ApiUsage apiUsage(String clientId, LocalDate day);

    /**
     * Adds requests and 429 throttled answers to the day's counts, and records the first quota_exceeded (null:
     * none now); returns the totals after adding. Concurrent additions never lose one another.
     */
    ApiUsage addApiUsage(String clientId, LocalDate day, long requests, long throttled, Instant quotaExceededAtOrNull);

    @Override
    void close();
}
