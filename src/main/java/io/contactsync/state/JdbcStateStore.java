package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * {@link StateStore} on JDBC: an H2 file by default ({@code jdbc:h2:file:./data/state}), PostgreSQL for clusters.
 * The schema is migrated by Flyway when the store opens.
 *
 * <p>Thread-safe: every call borrows its own connection from the pool and holds no mutable state. Writes run in
 * one transaction each and either commit entirely or roll back and throw {@link StateStoreException}.
 *
 * <p>Links: a {@link PageCommit} upserts links by crm id. If another crm id still holds the same {@code contact_id},
 * that stale link and its snapshot are replaced: one Constant Contact contact can only mirror one CRM record, and
 * the page being committed is the newest observation (e.g. a CRM record recreated under a new id, or two CRM
 * records merged). Keeping both would let two CRM records write to one contact. The old crm id then looks
 * unlinked and is matched afresh the next time it changes.
 */
public final class JdbcStateStore implements StateStore {

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final Clock clock;
    private final boolean h2;
    private final PageCommitWriter pageWriter;

    private JdbcStateStore(DataSource dataSource, HikariDataSource ownedPool, Clock clock) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.clock = clock;
        this.pageWriter = new PageCommitWriter(clock);
        this.h2 = read("open", c -> c.getMetaData().getDatabaseProductName().toUpperCase(Locale.ROOT).contains("H2"));
    }

    /**
     * Makes H2's AUTO_SERVER (how several processes share the default H2 file) listen on 127.0.0.1 only, unless the
     * {@code h2.bindAddress} system property is set. Effective only before H2 first loads: call it first thing.
     */
    public static void keepH2OnLoopback() {
        StatePool.bindH2ToLoopback();
    }

    /**
     * Opens a store on its own pool (named {@code state}), migrates the schema and returns it ready. For H2 file
     * URLs, a path relative to the working directory may omit the {@code ./} and a missing directory is created.
     *
     * @throws StateStoreException if the database cannot be reached or migrated (the pool is closed again)
     */
    public static JdbcStateStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, Clock.systemUTC());
    }

    /** As {@link #open(String, String, String)}, with the clock that stamps saved_at, created_at and so on. */
    public static JdbcStateStore open(String jdbcUrl, String user, String password, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariDataSource pool;
        try {
            pool = StatePool.create(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            throw new StateStoreException("open", "cannot connect to " + StatePool.redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        try {
            StateMigrations.migrate(pool);
            return new JdbcStateStore(pool, pool, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw StateStoreException.of("open (migrate " + StatePool.redact(jdbcUrl) + ")", e);
        }
    }

    /** Opens a store on a pool the caller owns (and closes): migrates the schema; {@link #close()} leaves it open. */
    public static JdbcStateStore open(DataSource dataSource) {
        return open(dataSource, Clock.systemUTC());
    }

    /** As {@link #open(DataSource)}, with an explicit clock. */
    public static JdbcStateStore open(DataSource dataSource, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            StateMigrations.migrate(dataSource);
        } catch (RuntimeException e) {
            throw StateStoreException.of("open (migrate)", e);
        }
        return new JdbcStateStore(dataSource, null, clock);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String flow) {
        return read("checkpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT position, tie_breaker, saved_at FROM checkpoints WHERE flow = ?")) {
                ps.setString(1, flow);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Checkpoint(flow, Sql.instant(rs, "position"), rs.getString("tie_breaker"),
                                    Sql.instant(rs, "saved_at")))
                            : Optional.<Checkpoint>empty();
                }
            }
        });
    }

    @Override
    public void resetCheckpoint(String flow, Checkpoint checkpointOrNull) {
        Objects.requireNonNull(flow, "flow");
        if (checkpointOrNull != null && !flow.equals(checkpointOrNull.flow())) {
            throw new IllegalArgumentException("checkpoint of flow '" + checkpointOrNull.flow()
                    + "' given to reset flow '" + flow + "'");
        }
        write("resetCheckpoint", c -> {
            if (checkpointOrNull != null) {
                PageCommitWriter.upsertCheckpoint(c, checkpointOrNull, clock.instant());
            } else {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM checkpoints WHERE flow = ?")) {
                    ps.setString(1, flow);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Map<String, LinkedContact> linksByCrmIds(Collection<String> crmIds) {
        return findLinks("linksByCrmIds", LinkReader.Key.CRM_ID, crmIds, LinkedContact::crmId);
    }

    @Override
    public Map<String, LinkedContact> linksByContactIds(Collection<String> contactIds) {
        return findLinks("linksByContactIds", LinkReader.Key.CONTACT_ID, contactIds, LinkedContact::contactId);
    }

    /**
     * {@inheritDoc} E-mail is not unique among links (a stale link may still carry an address that moved); when
     * several links share one, the most recently synced wins.
     */
    @Override
    public Map<String, LinkedContact> linksByEmails(Collection<String> emails) {
        List<String> lower = emails.stream().filter(Objects::nonNull).map(e -> e.toLowerCase(Locale.ROOT)).toList();
        List<LinkedContact> found = read("linksByEmails", c -> LinkReader.find(c, LinkReader.Key.EMAIL, lower));
        Map<String, LinkedContact> byEmail = new LinkedHashMap<>();
        for (LinkedContact link : found) {
            byEmail.merge(link.email(), link, (a, b) -> newer(b, a) ? b : a);
        }
        return byEmail;
    }

    private static boolean newer(LinkedContact candidate, LinkedContact current) {
        if (candidate.syncedAt() == null || current.syncedAt() == null) {
            return current.syncedAt() == null && candidate.syncedAt() != null;
        }
        return candidate.syncedAt().isAfter(current.syncedAt());
    }

    private Map<String, LinkedContact> findLinks(String operation, LinkReader.Key key, Collection<String> values,
                                                 Function<LinkedContact, String> keyOf) {
        List<LinkedContact> found = read(operation, c -> LinkReader.find(c, key, values));
        Map<String, LinkedContact> byKey = new LinkedHashMap<>();
        found.forEach(link -> byKey.put(keyOf.apply(link), link));
        return byKey;
    }

    @Override
    public long linkCount() {
        return count("linkCount", "SELECT COUNT(*) FROM contact_link");
    }

    @Override
    public long addPendingActivity(String flow, String kind, String payload) {
        return write("addPendingActivity", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO pending_activity (flow, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, flow);
                ps.setString(2, kind);
                ps.setString(3, payload);
                Sql.setInstant(ps, 4, clock.instant());
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    @Override
    public void setPendingActivityId(long pendingId, String activityId) {
        write("setPendingActivityId", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pending_activity SET activity_id = ? WHERE id = ?")) {
                ps.setString(1, activityId);
                ps.setLong(2, pendingId);
                if (ps.executeUpdate() == 0) {
                    throw new SQLException("no outbox entry with id " + pendingId);
                }
            }
            return null;
        });
    }

    @Override
    public List<PendingActivity> pendingActivities(String flow) {
        return read("pendingActivities", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, kind, activity_id, payload, created_at FROM pending_activity
                     WHERE flow = ? ORDER BY id""")) {
                ps.setString(1, flow);
                List<PendingActivity> pending = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new PendingActivity(rs.getLong("id"), flow, rs.getString("kind"),
                                rs.getString("activity_id"), rs.getString("payload"), Sql.instant(rs, "created_at")));
                    }
                }
                return pending;
            }
        });
    }

    @Override
    public long startRun(String flow, Instant startedAt) {
        return startRun(flow, startedAt, null);
    }

    @Override
    public long startRun(String flow, Instant startedAt, String trigger) {
        Instant at = startedAt == null ? clock.instant() : startedAt;
        return write("startRun", c -> RunStatements.insert(c, flow, RunStatus.RUNNING, trigger, null, at));
    }

    @Override
    public long queueRun(String flow, String trigger, String holder, Instant at) {
        return write("queueRun", c -> RunStatements.insert(c, flow, RunStatus.QUEUED, trigger, holder, at));
    }

    @Override
    public void touchQueuedRuns(Collection<Long> ids, Instant at) {
        if (!ids.isEmpty()) {
            write("touchQueuedRuns", c -> { RunStatements.touchQueued(c, ids, at); return null; });
        }
    }

    @Override
    public boolean beginRun(long id, Instant startedAt) {
        return write("beginRun", c -> RunStatements.begin(c, id, startedAt));
    }

    @Override
    public void refuseRun(long id, Instant at, String reason) {
        write("refuseRun", c -> { RunStatements.refuse(c, id, at, reason); return null; });
    }

    @Override
    public Optional<RunRecord> run(long id) {
        return read("run", c -> RunStatements.byId(c, id));
    }

    @Override
    public List<RunRecord> openRuns(String flow) {
        return read("openRuns", c -> RunStatements.open(c, flow));
    }

    /** {@inheritDoc} The page and everything it names are written, or nothing is. */
    @Override
    public void commit(PageCommit commit) {
        Objects.requireNonNull(commit, "commit");
        write("commit", c -> {
            pageWriter.write(c, commit);
            return null;
        });
    }

    @Override
    public void finishRun(RunRecord run) {
        write("finishRun", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sync_run SET finished_at = ?, status = ?, counts = ?, api_calls = ?, duration_ms = ?, error = ?
                     WHERE id = ?""")) {
                Sql.setInstant(ps, 1, run.finishedAt() == null ? clock.instant() : run.finishedAt());
                ps.setString(2, run.status().id());
                ps.setString(3, StateJson.write(run.counts()));
                ps.setLong(4, run.apiCalls());
                ps.setLong(5, run.durationMs());
                ps.setString(6, run.error());
                ps.setLong(7, run.id());
                if (ps.executeUpdate() == 0) {
                    throw new SQLException("no run with id " + run.id());
                }
            }
            return null;
        });
    }

    @Override
    public List<RunRecord> lastRuns(int limit) {
        return read("lastRuns", c -> StatusQueries.lastRuns(c, limit));
    }

    /** The cheap reads of health checks and metrics, on this store's pool. */
    public ObserveReads observeReads() {
        return new ObserveReads(dataSource);
    }

    @Override
    public long deadLetterCount() {
        return count("deadLetterCount", "SELECT COUNT(*) FROM dead_letter WHERE discarded_at IS NULL");
    }

    @Override
    public void holdPlan(HeldPlan plan) {
        write("holdPlan", c -> {
            GuardStatements.hold(c, plan);
            return null;
        });
    }

    @Override
    public Optional<HeldPlan> heldPlan(long runId) {
        return read("heldPlan", c -> GuardStatements.find(c, runId));
    }

    @Override
    public List<HeldPlan> heldPlans(String flow, Collection<HeldPlan.Status> statuses) {
        return statuses.isEmpty() ? List.of() : read("heldPlans", c -> GuardStatements.byStatus(c, flow, statuses));
    }

    @Override
    public boolean decideHeldPlan(long runId, HeldPlan.Status decision, String decidedBy, Instant at) {
        return write("decideHeldPlan", c -> GuardStatements.decide(c, runId, decision, decidedBy, at));
    }

    @Override
    public void spendHeldPlans(Collection<Long> runIds, Instant at) {
        if (!runIds.isEmpty()) {
            write("spendHeldPlans", c -> {
                GuardStatements.spend(c, runIds, at);
                return null;
            });
        }
    }

    @Override
    public DeadLetterPage deadLetterPage(String flowOrNull, boolean discarded, int page, int pageSize) {
        return read("deadLetterPage", c -> DeadLetterStatements.page(c, flowOrNull, discarded, page, pageSize));
    }

    @Override
    public Optional<DeadLetterEntry> deadLetter(long id, boolean withPayload) {
        return read("deadLetter", c -> DeadLetterStatements.find(c, id, withPayload));
    }

    @Override
    public Optional<DeadLetterEntry> retryDeadLetter(long id, Instant now) {
        return write("retryDeadLetter", c -> DeadLetterStatements.retry(c, id, now));
    }

    @Override
    public List<DeadLetterEntry> retryDeadLetters(String flowOrNull, Instant now) {
        return write("retryDeadLetters", c -> DeadLetterStatements.retryAll(c, flowOrNull, now));
    }

    @Override
    public Optional<DeadLetterEntry> discardDeadLetter(long id, Instant now) {
        return write("discardDeadLetter", c -> DeadLetterStatements.discard(c, id, now));
    }

    @Override
    public List<DeadLetterEntry> discardDeadLetters(String flowOrNull, Instant now) {
        return write("discardDeadLetters", c -> DeadLetterStatements.discardAll(c, flowOrNull, now));
    }

    /** {@inheritDoc} The most recently parked first. */
    @Override
    public List<DeadLetter> deadLetters(String flow, int limit) {
        return read("deadLetters", c -> StatusQueries.deadLetters(c, flow, limit));
    }

    /** {@inheritDoc} Oldest due first. */
    @Override
    public List<DeadLetter> dueDeadLetters(String flow, Instant now, int limit) {
        return read("dueDeadLetters", c -> StatusQueries.dueDeadLetters(c, flow, now, limit));
    }

    @Override
    public Map<String, Integer> deadLetterAttempts(String flow, Collection<String> recordKeys) {
        if (recordKeys.isEmpty()) {
            return Map.of();
        }
        return read("deadLetterAttempts", c -> StatusQueries.attempts(c, flow, recordKeys));
    }

    @Override
    public List<ConflictRecord> recentConflicts(int limit) {
        return read("recentConflicts", c -> StatusQueries.recentConflicts(c, limit));
    }

    @Override
    public long conflictCount() {
        return count("conflictCount", "SELECT COUNT(*) FROM sync_conflict");
    }

    @Override
    public List<JournalEntry> journal(Collection<String> crmIds, Collection<String> contactIds, Collection<String> emails, int limit) {
        return read("journal", c -> JournalStatements.history(c, crmIds, contactIds, emails, limit));
    }

    @Override
    public int purgeJournal(Instant cutoff) {
        return write("purgeJournal", c -> JournalStatements.purge(c, cutoff));
    }

    @Override
    public Optional<String> refreshToken(String clientId) {
        return TokenStatements.load(this::secretWork, clientId);
    }

    /**
     * {@inheritDoc} On H2 the write is also forced to disk ({@code CHECKPOINT SYNC}): H2 otherwise writes
     * committed data in the background within about a second, and a crash in that window would lose the only
     * valid token of a rotating grant.
     */
    @Override
    public void saveRefreshToken(String clientId, String refreshToken) {
        TokenStatements.save(this::secretWork, clientId, refreshToken, clock.instant(), h2);
    }

    @Override
    public Optional<OAuthTokens> oauthTokens(String clientId) {
        return TokenStatements.tokens(this::secretWork, clientId, "oauthTokens");
    }

    /** {@inheritDoc} Forced to disk on H2, as {@link #saveRefreshToken}. */
    @Override
    public void markRefreshStarted(String clientId, String refreshToken) {
        TokenStatements.refreshStarting(this::secretWork, clientId, refreshToken, clock.instant(), h2);
    }

    /** {@inheritDoc} Forced to disk on H2, as {@link #saveRefreshToken}. */
    @Override
    public void saveTokens(String clientId, String refreshToken, String accessToken, Instant accessExpiresAt) {
        TokenStatements.refreshed(this::secretWork, clientId, refreshToken, accessToken, accessExpiresAt, clock.instant(), h2);
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public LeaseOutcome tryAcquireLease(String flow, String holder, Duration ttl, Instant now) {
        return LeaseAcquisition.tryAcquire(new LeaseAcquisition.Transactions() {
            @Override
            public <T> T read(String operation, Sql.Work<T> work) {
                return JdbcStateStore.this.read(operation, work);
            }

            @Override
            public <T> T write(String operation, Sql.Work<T> work) {
                return JdbcStateStore.this.write(operation, work);
            }
        }, h2, flow, holder, ttl, now);
    }

    @Override
    public boolean heartbeatLease(String flow, String holder, Long runIdOrNull, Duration ttl, Instant now) {
        return write("heartbeatLease", c -> LeaseStatements.heartbeat(c, flow, holder, runIdOrNull, ttl, now));
    }

    @Override
    public void releaseLease(String flow, String holder) {
        write("releaseLease", c -> {
            LeaseStatements.release(c, flow, holder);
            return null;
        });
    }

    @Override
    public Optional<FlowLease> lease(String flow) {
        return read("lease", c -> LeaseStatements.find(c, flow));
    }

    @Override
    public ApiUsage apiUsage(String clientId, LocalDate day) {
        return read("apiUsage", c -> BudgetStatements.find(c, clientId, day));
    }

    @Override
    public ApiUsage addApiUsage(String clientId, LocalDate day, long requests, long throttled, Instant quotaExceededAt) {
        Objects.requireNonNull(clientId, "clientId");
        try {
            return write("addApiUsage", c -> BudgetStatements.add(c, clientId, day, requests, throttled, quotaExceededAt));
        } catch (StateStoreException e) {
            if (!LeaseStatements.lostRace(e.getCause())) {
                throw e;
            }
            // Two processes inserted the day's first row at once; the row exists now, so the update takes it.
            return write("addApiUsage", c -> BudgetStatements.add(c, clientId, day, requests, throttled, quotaExceededAt));
        }
    }

    @Override
    public String toString() {
        return "JdbcStateStore[" + (h2 ? "H2" : "JDBC") + (ownedPool != null ? ", pool=" + StatePool.POOL_NAME : "")
                + "]";
    }

    private long count(String operation, String sql) {
        return read(operation, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        // PostgreSQL returns every column of the row (RETURNING *), H2 the identity; id is first in both.
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    /** Runs read-only work in auto-commit mode. */
    private <T> T read(String operation, Sql.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.of(operation, e);
        }
    }

    /** Runs work in one transaction: commit on success, roll back and throw on any failure. */
    private <T> T write(String operation, Sql.Work<T> work) {
        try {
            return transaction(work);
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.of(operation, e);
        }
    }

    /** As {@link #write}, for work whose parameters are secret: failures carry no driver message. */
    private <T> T secretWork(String operation, Sql.Work<T> work) {
        try {
            return transaction(work);
        } catch (SQLException | RuntimeException e) {
            throw StateStoreException.secret(operation, e);
        }
    }

    private <T> T transaction(Sql.Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
