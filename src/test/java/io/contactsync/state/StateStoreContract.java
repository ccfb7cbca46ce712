package io.contactsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.contactsync.state.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.CTCT_TO_CRM;
import static io.contactsync.state.Pages.T0;
import static io.contactsync.state.Pages.conflict;
import static io.contactsync.state.Pages.deadLetter;
import static io.contactsync.state.Pages.link;
import static io.contactsync.state.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The behaviour every {@link JdbcStateStore} database must show. Subclasses say how to open a fresh store
 * (and re-open the same one) and how to reach its tables directly.
 */
abstract class StateStoreContract implements FlowLeaseContract, ApiBudgetContract, DeadLetterActionsContract,
        RunRecordContract, JournalContract {

    protected JdbcStateStore store;

    /** Opens a store on this test's database; a second call re-opens the same database. */
    @Override
    public abstract JdbcStateStore openStore();

    @Override
    public JdbcStateStore store() {
        return store;
    }

    /** A raw connection to this test's database and schema, for looking behind the SPI. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void should_keep_data_and_apply_no_migration_twice_when_store_is_reopened() throws SQLException {
        store.commit(page().link(link("1", "c-1", "a@x.org")).checkpoint(CRM_TO_CTCT, T0, "1").build());
        store.close();

        store = openStore();

        assertThat(store.checkpoint(CRM_TO_CTCT)).map(Checkpoint::position).contains(T0);
        assertThat(store.linksByCrmIds(List.of("1"))).containsKey("1");
        assertThat(queryLong("SELECT COUNT(*) FROM \"state_schema_history\" WHERE \"version\" = '1' AND \"success\" = TRUE"))
                .isEqualTo(1);
    }

    @Test
    void should_store_every_part_and_move_checkpoint_when_page_is_committed() {
        long outbox = store.addPendingActivity(CRM_TO_CTCT, "import", "{}");

        store.commit(page()
                .link(link("1", "c-1", "Ann@Example.org"))
                .park(deadLetter(CRM_TO_CTCT, "2", "invalid email"))
                .conflict(conflict("1", "first_name", T0))
                .complete(outbox)
                .checkpoint(CRM_TO_CTCT, T0.plusSeconds(60), "1")
                .build());

        LinkedContact stored = store.linksByCrmIds(List.of("1")).get("1");
        assertThat(stored.contactId()).isEqualTo("c-1");
        assertThat(stored.email()).isEqualTo("ann@example.org");
        assertThat(stored.snapshot()).containsEntry("email", "Ann@Example.org").containsEntry("first_name", "F1");
        assertThat(stored.crmUpdatedAt()).isEqualTo(T0);
        assertThat(stored.ctctUpdatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(stored.syncedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.deadLetters(CRM_TO_CTCT, 10)).singleElement()
                .satisfies(dl -> assertThat(dl.reason()).isEqualTo("invalid email"))
                .satisfies(dl -> assertThat(dl.attempts()).isEqualTo(1));
        assertThat(store.recentConflicts(10)).singleElement()
                .satisfies(c -> assertThat(c.field()).isEqualTo("first_name"));
        assertThat(store.pendingActivities(CRM_TO_CTCT)).isEmpty();
        assertThat(store.checkpoint(CRM_TO_CTCT)).get()
                .satisfies(cp -> assertThat(cp.position()).isEqualTo(T0.plusSeconds(60)))
                .satisfies(cp -> assertThat(cp.tieBreaker()).isEqualTo("1"))
                .satisfies(cp -> assertThat(cp.savedAt()).isNotNull());
    }

    @Test
    void should_roll_back_everything_including_checkpoint_when_a_dead_letter_has_no_flow() {
        store.resetCheckpoint(CRM_TO_CTCT, new Checkpoint(CRM_TO_CTCT, T0, "0", null));
        long outbox = store.addPendingActivity(CRM_TO_CTCT, "import", "{}");

        PageCommit broken = page()
                .link(link("1", "c-1", "a@x.org"))
                .park(deadLetter(null, "2", "bad"))
                .conflict(conflict("1", "city", T0))
                .complete(outbox)
                .checkpoint(CRM_TO_CTCT, T0.plusSeconds(60), "9")
                .build();

        assertThatThrownBy(() -> store.commit(broken))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("commit (dead letters)");
        assertNothingOfThePageWasKept(outbox);
    }

    @Test
    void should_roll_back_everything_when_the_last_step_violates_a_constraint() {
        store.resetCheckpoint(CRM_TO_CTCT, new Checkpoint(CRM_TO_CTCT, T0, "0", null));
        long outbox = store.addPendingActivity(CRM_TO_CTCT, "import", "{}");
        String tooLongFlow = "f".repeat(101);

        PageCommit broken = page()
                .link(link("1", "c-1", "a@x.org"))
                .park(deadLetter(CRM_TO_CTCT, "2", "bad"))
                .conflict(conflict("1", "city", T0))
                .complete(outbox)
                .checkpoint(tooLongFlow, T0.plusSeconds(60), "9")
                .build();

        assertThatThrownBy(() -> store.commit(broken))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("commit (checkpoint)");
        assertNothingOfThePageWasKept(outbox);
        assertThat(store.deadLetterCount()).isZero();
    }

    private void assertNothingOfThePageWasKept(long outbox) {
        assertThat(store.checkpoint(CRM_TO_CTCT)).map(Checkpoint::position).contains(T0);
        assertThat(store.linkCount()).isZero();
        assertThat(store.conflictCount()).isZero();
        assertThat(store.pendingActivities(CRM_TO_CTCT)).extracting(PendingActivity::id).containsExactly(outbox);
    }

    @Test
    void should_increment_attempts_and_keep_first_parked_time_when_a_record_is_parked_again() throws SQLException {
        store.commit(page().park(new DeadLetter(CRM_TO_CTCT, "7", "p1", "first", 0, T0)).build());

        store.commit(page()
                .park(new DeadLetter(CRM_TO_CTCT, "7", "p2", "second", 0, T0.plusSeconds(10)))
                .park(new DeadLetter(CRM_TO_CTCT, "7", "p3", "third", 0, T0.plusSeconds(20)))
                .build());

        assertThat(store.deadLetters(CRM_TO_CTCT, 10)).singleElement().satisfies(dl -> {
            assertThat(dl.attempts()).isEqualTo(3);
            assertThat(dl.payload()).isEqualTo("p3");
            assertThat(dl.reason()).isEqualTo("third");
            assertThat(dl.parkedAt()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(queryInstant("SELECT first_parked_at FROM dead_letter WHERE record_key = '7'")).isEqualTo(T0);
    }

    @Test
    void should_resolve_dead_letters_of_the_checkpoint_flow_only() {
        store.commit(page()
                .park(deadLetter(CRM_TO_CTCT, "5", "x"), deadLetter(CTCT_TO_CRM, "5", "y"),
                        deadLetter(CRM_TO_CTCT, "6", "z"))
                .build());

        store.commit(page().resolve("5").checkpoint(CRM_TO_CTCT, T0, "").build());

        assertThat(store.deadLetters(CRM_TO_CTCT, 10)).extracting(DeadLetter::recordKey).containsExactly("6");
        assertThat(store.deadLetters(CTCT_TO_CRM, 10)).extracting(DeadLetter::recordKey).containsExactly("5");
    }

    @Test
    void should_refuse_the_page_when_it_resolves_dead_letters_without_a_checkpoint() {
        store.commit(page().park(deadLetter(CRM_TO_CTCT, "5", "x")).build());

        assertThatThrownBy(() -> store.commit(page().link(link("1", "c-1", "a@x.org")).resolve("5").build()))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("checkpoint");
        assertThat(store.deadLetterCount()).isEqualTo(1);
        assertThat(store.linkCount()).isZero();
    }

    @Test
    void should_replace_stale_link_when_another_crm_id_takes_its_contact_id() throws SQLException {
        store.commit(page().link(link("old", "c-1", "a@x.org"), link("other", "c-2", "b@x.org")).build());

        store.commit(page().link(link("new", "c-1", "a@x.org")).build());

        assertThat(store.linksByContactIds(List.of("c-1")).get("c-1").crmId()).isEqualTo("new");
        assertThat(store.linksByCrmIds(List.of("old", "new", "other"))).containsOnlyKeys("new", "other");
        assertThat(queryLong("SELECT COUNT(*) FROM contact_snapshot WHERE crm_id = 'old'")).isZero();
        assertThat(store.linkCount()).isEqualTo(2);
    }

    @Test
    void should_swap_contact_ids_when_two_links_exchange_them_in_one_page() {
        store.commit(page().link(link("A", "c-1", "a@x.org"), link("B", "c-2", "b@x.org")).build());

        store.commit(page().link(link("A", "c-2", "a@x.org"), link("B", "c-1", "b@x.org")).build());

        Map<String, LinkedContact> links = store.linksByCrmIds(List.of("A", "B"));
        assertThat(links.get("A").contactId()).isEqualTo("c-2");
        assertThat(links.get("B").contactId()).isEqualTo("c-1");
    }

    @Test
    void should_update_snapshot_in_place_when_a_linked_crm_id_is_committed_again() {
        store.commit(page().link(link("1", "c-1", "a@x.org")).build());
        LinkedContact changed = new LinkedContact("1", "c-1", "new@x.org", Map.of("city", "Oslo"), T0, T0, T0);

        store.commit(page().link(changed).build());

        LinkedContact stored = store.linksByCrmIds(List.of("1")).get("1");
        assertThat(stored.snapshot()).isEqualTo(Map.of("city", "Oslo"));
        assertThat(stored.email()).isEqualTo("new@x.org");
        assertThat(store.linksByEmails(List.of("a@x.org"))).isEmpty();
    }

    @Test
    void should_find_links_by_email_ignoring_case() {
        store.commit(page().link(link("1", "c-1", "Mixed.Case@Example.ORG")).build());

        Map<String, LinkedContact> found = store.linksByEmails(List.of("MIXED.case@example.org", "nobody@x.org"));

        assertThat(found).containsOnlyKeys("mixed.case@example.org");
        assertThat(found.get("mixed.case@example.org").crmId()).isEqualTo("1");
    }

    @Test
    void should_find_every_link_when_lookups_carry_more_than_1000_keys() {
        int n = 1_234;
        List<LinkedContact> links = IntStream.range(0, n)
                .mapToObj(i -> link("crm-" + i, "c-" + i, "User" + i + "@Example.org")).toList();
        store.commit(page().links(links).build());
        List<String> crmIds = new ArrayList<>(links.stream().map(LinkedContact::crmId).toList());
        crmIds.addAll(List.of("unknown-1", "crm-5", "unknown-2"));

        assertThat(store.linksByCrmIds(crmIds)).hasSize(n).containsKeys("crm-0", "crm-1233");
        assertThat(store.linksByContactIds(links.stream().map(LinkedContact::contactId).toList())).hasSize(n);
        assertThat(store.linksByEmails(links.stream().map(l -> l.email().toUpperCase()).toList()))
                .hasSize(n).containsKey("user1000@example.org");
        assertThat(store.linkCount()).isEqualTo(n);
    }

    @Test
    void should_update_existing_and_insert_new_links_and_snapshots_when_one_page_of_more_than_500_mixes_them()
            throws SQLException {
        store.commit(page().links(IntStream.range(0, 700).mapToObj(i -> link("crm-" + i, "c-" + i, "u" + i + "@x.org"))
                .toList()).build());
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM contact_snapshot WHERE crm_id = 'crm-3'"); // a link without its snapshot
        }
        List<LinkedContact> again = new ArrayList<>();
        IntStream.range(300, 1_300).forEach(i -> again.add(new LinkedContact("crm-" + i, "c-" + i, "v" + i + "@x.org",
                Map.of("city", "Oslo"), T0, T0, T0)));
        again.add(new LinkedContact("crm-3", "c-3", "u3@x.org", Map.of("city", "Rome"), T0, T0, T0));

        store.commit(page().links(again).build());

        assertThat(store.linkCount()).isEqualTo(1_300);
        assertThat(queryLong("SELECT COUNT(*) FROM contact_snapshot")).isEqualTo(1_300);
        Map<String, LinkedContact> links = store.linksByCrmIds(List.of("crm-0", "crm-3", "crm-650", "crm-1299"));
        assertThat(links.get("crm-0").email()).as("not in the page: untouched").isEqualTo("u0@x.org");
        assertThat(links.get("crm-0").snapshot()).containsEntry("first_name", "Fcrm-0");
        assertThat(links.get("crm-3").snapshot()).as("snapshot inserted for an existing link").containsEntry("city", "Rome");
        assertThat(links.get("crm-650").email()).as("existing link updated").isEqualTo("v650@x.org");
        assertThat(links.get("crm-650").snapshot()).containsEntry("city", "Oslo");
        assertThat(links.get("crm-1299").snapshot()).as("new link inserted").containsEntry("city", "Oslo");
    }

    @Test
    void should_resolve_only_parked_keys_when_a_page_resolves_more_than_500_keys() {
        store.commit(page().park(deadLetter(CTCT_TO_CRM, "k-7", "x"), deadLetter(CTCT_TO_CRM, "k-777", "y"),
                deadLetter(CTCT_TO_CRM, "k-9999", "kept"), deadLetter(CRM_TO_CTCT, "k-777", "other flow")).build());

        store.commit(page().resolve(IntStream.range(0, 1_100).mapToObj(i -> "k-" + i).toArray(String[]::new))
                .checkpoint(CTCT_TO_CRM, T0, "").build());

        assertThat(store.deadLetters(CTCT_TO_CRM, 10)).extracting(DeadLetter::recordKey).containsExactly("k-9999");
        assertThat(store.deadLetters(CRM_TO_CTCT, 10)).extracting(DeadLetter::recordKey).containsExactly("k-777");
    }

    @Test
    void should_remove_link_and_snapshot_when_crm_id_is_unlinked() throws SQLException {
        store.commit(page().link(link("1", "c-1", "a@x.org"), link("2", "c-2", "b@x.org")).build());

        store.commit(page().unlink("1", "missing").build());

        assertThat(store.linksByCrmIds(List.of("1", "2"))).containsOnlyKeys("2");
        assertThat(queryLong("SELECT COUNT(*) FROM contact_snapshot")).isEqualTo(1);
    }

    @Test
    void should_store_snapshot_as_the_same_sorted_json_whatever_the_map_order() throws SQLException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("zip", "1");
        fields.put("city", "Oslo");
        fields.put("email", "a@x.org");

        store.commit(page().link(new LinkedContact("1", "c-1", "a@x.org", fields, null, null, null)).build());

        assertThat(queryString("SELECT fields FROM contact_snapshot WHERE crm_id = '1'"))
                .isEqualTo("{\"city\":\"Oslo\",\"email\":\"a@x.org\",\"zip\":\"1\"}");
        LinkedContact stored = store.linksByCrmIds(List.of("1")).get("1");
        assertThat(stored.crmUpdatedAt()).isNull();
        assertThat(stored.syncedAt()).as("defaults to now").isNotNull();
    }

    @Test
    void should_confirm_outbox_entry_when_the_page_recording_its_effects_commits() {
        long first = store.addPendingActivity(CRM_TO_CTCT, "import", "{\"rows\":1}");
        long second = store.addPendingActivity(CRM_TO_CTCT, "delete", "{\"rows\":2}");
        long otherFlow = store.addPendingActivity(CTCT_TO_CRM, "import", "{}");
        assertThat(store.pendingActivities(CRM_TO_CTCT)).extracting(PendingActivity::activityId).containsExactly(null, null);

        store.setPendingActivityId(first, "act-1");
        assertThat(store.pendingActivities(CRM_TO_CTCT)).first().satisfies(p -> {
            assertThat(p.id()).isEqualTo(first);
            assertThat(p.activityId()).isEqualTo("act-1");
            assertThat(p.kind()).isEqualTo("import");
            assertThat(p.payload()).isEqualTo("{\"rows\":1}");
            assertThat(p.createdAt()).isNotNull();
        });

        store.commit(page().complete(first).build());

        assertThat(store.pendingActivities(CRM_TO_CTCT)).extracting(PendingActivity::id).containsExactly(second);
        assertThat(store.pendingActivities(CTCT_TO_CRM)).extracting(PendingActivity::id).containsExactly(otherFlow);
    }

    @Test
    void should_throw_when_activity_id_is_set_on_an_unknown_outbox_entry() {
        assertThatThrownBy(() -> store.setPendingActivityId(999_999L, "act"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("setPendingActivityId");
    }

    @Test
    void should_list_runs_newest_first_with_their_counts_when_runs_finish() {
        long older = store.startRun(CRM_TO_CTCT, T0);
        long newer = store.startRun(CTCT_TO_CRM, T0.plusSeconds(60));
        long newest = store.startRun(CRM_TO_CTCT, T0.plusSeconds(120));

        store.finishRun(new RunRecord(older, CRM_TO_CTCT, T0, T0.plusSeconds(5), RunStatus.SUCCEEDED,
                Map.of("read", 10L, "imported", 7L), 4, 5_000, null));
        store.finishRun(new RunRecord(newer, CTCT_TO_CRM, T0.plusSeconds(60), null, RunStatus.FAILED,
                Map.of(), 1, 10, "boom"));

        List<RunRecord> runs = store.lastRuns(10);
        assertThat(runs).extracting(RunRecord::id).containsExactly(newest, newer, older);
        assertThat(runs.get(0).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.get(1).error()).isEqualTo("boom");
        assertThat(runs.get(1).finishedAt()).as("defaults to now").isNotNull();
        assertThat(runs.get(2).counts()).isEqualTo(Map.of("read", 10L, "imported", 7L));
        assertThat(runs.get(2).apiCalls()).isEqualTo(4);
        assertThat(runs.get(2).durationMs()).isEqualTo(5_000);
        assertThat(store.lastRuns(2)).extracting(RunRecord::id).containsExactly(newest, newer);
    }

    @Test
    void should_list_conflicts_newest_first_when_several_are_recorded() {
        store.commit(page().conflict(conflict("1", "city", T0), conflict("2", "zip", T0.plusSeconds(5))).build());
        store.commit(page().conflict(conflict("3", "phone", T0.plusSeconds(1))).build());

        assertThat(store.recentConflicts(2)).extracting(ConflictRecord::crmId).containsExactly("2", "3");
        assertThat(store.conflictCount()).isEqualTo(3);
    }

    @Test
    void should_return_the_newest_refresh_token_when_it_is_saved_twice() {
        store.saveRefreshToken("client-a", "rt-1");
        store.saveRefreshToken("client-a", "rt-2");
        store.saveRefreshToken("client-b", "rt-b");

        assertThat(store.refreshToken("client-a")).contains("rt-2");
        assertThat(store.refreshToken("client-b")).contains("rt-b");
        assertThat(store.refreshToken("client-c")).isEmpty();
    }

    @Test
    void should_keep_refresh_token_out_of_toString_and_error_messages() throws SQLException {
        store.saveRefreshToken("client-a", "rt-short");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // Make saves fail inside the database, whose messages quote bound values: H2 quotes a value that is
            // too long, PostgreSQL the whole failing row of a check constraint.
            s.execute("ALTER TABLE oauth_token ALTER COLUMN refresh_token SET DATA TYPE VARCHAR(20)");
            s.execute("ALTER TABLE oauth_token ADD CONSTRAINT ck_no_secret CHECK (refresh_token NOT LIKE 'SECRET%')");
        }

        for (String secret : List.of("SECRET-" + "x".repeat(40), "SECRET-short")) {
            Throwable failure = catchThrowable(() -> store.saveRefreshToken("client-a", secret));

            assertThat(failure).isInstanceOf(StateStoreException.class).hasMessageContaining("saveRefreshToken");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t.toString()).doesNotContain("SECRET");
                assertThat(t.getSuppressed()).isEmpty();
            }
        }
        assertThat(store.toString()).doesNotContain("rt-short");
        assertThat(store.refreshToken("client-a")).contains("rt-short");
    }

    @Test
    void should_keep_the_access_token_and_clear_the_started_mark_when_a_refresh_completes() {
        Instant expiry = Instant.parse("2026-12-02T10:00:00.123456Z");
        store.markRefreshStarted("client-a", "rt-1");
        OAuthTokens started = store.oauthTokens("client-a").orElseThrow();

        store.saveTokens("client-a", "rt-2", "at-2", expiry);
        store.close();
        store = openStore();

        assertThat(started.refreshToken()).isEqualTo("rt-1");
        assertThat(started.accessToken()).isNull();
        assertThat(started.refreshStartedAt()).isNotNull();
        OAuthTokens done = store.oauthTokens("client-a").orElseThrow();
        assertThat(done.refreshToken()).isEqualTo("rt-2");
        assertThat(done.accessToken()).isEqualTo("at-2");
        assertThat(done.accessExpiresAt()).isEqualTo(expiry);
        assertThat(done.refreshStartedAt()).isNull();
        assertThat(store.refreshToken("client-a")).contains("rt-2");
        assertThat(store.oauthTokens("client-b")).isEmpty();
    }

    @Test
    void should_forget_the_access_token_and_mark_the_refresh_when_a_new_refresh_starts() {
        store.saveTokens("client-a", "rt-2", "at-2", T0);

        store.markRefreshStarted("client-a", "rt-2");

        OAuthTokens t = store.oauthTokens("client-a").orElseThrow();
        assertThat(t.refreshToken()).isEqualTo("rt-2");
        assertThat(t.accessToken()).isNull();
        assertThat(t.accessExpiresAt()).isNull();
        assertThat(t.refreshStartedAt()).isNotNull();
        assertThat(t.toString()).doesNotContain("rt-2");
    }

    @Test
    void should_keep_the_access_token_out_of_error_messages_when_saving_it_fails() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE oauth_token ADD CONSTRAINT ck_no_access_secret CHECK (access_token NOT LIKE 'SECRET%')");
        }

        Throwable failure = catchThrowable(() -> store.saveTokens("client-a", "rt-1", "SECRET-access", T0));

        assertThat(failure).isInstanceOf(StateStoreException.class).hasMessageContaining("saveTokens");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain("SECRET");
        }
        assertThat(queryLong("SELECT COUNT(*) FROM \"state_schema_history\" WHERE \"version\" = '2' AND \"success\" = TRUE"))
                .isEqualTo(1);
    }

    @Test
    void should_set_and_remove_checkpoint_when_operator_resets_it() {
        store.commit(page().checkpoint(CRM_TO_CTCT, T0.plusSeconds(600), "z").build());

        store.resetCheckpoint(CRM_TO_CTCT, new Checkpoint(CRM_TO_CTCT, T0, "", null));
        assertThat(store.checkpoint(CRM_TO_CTCT)).map(Checkpoint::position).contains(T0);

        store.resetCheckpoint(CRM_TO_CTCT, null);
        assertThat(store.checkpoint(CRM_TO_CTCT)).isEmpty();
        assertThatThrownBy(() -> store.resetCheckpoint(CTCT_TO_CRM, new Checkpoint(CRM_TO_CTCT, T0, "", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_truncate_position_to_microseconds_when_checkpoint_has_nanoseconds() {
        Instant withNanos = Instant.parse("2025-03-01T10:00:00.123456789Z");

        store.commit(page().checkpoint(CRM_TO_CTCT, withNanos, "").build());

        assertThat(store.checkpoint(CRM_TO_CTCT)).map(Checkpoint::position)
                .contains(Instant.parse("2025-03-01T10:00:00.123456Z"));
    }

    @Test
    void should_hand_out_distinct_outbox_ids_when_called_from_many_threads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> IntStream.range(0, 25)
                        .forEach(i -> ids.add(store.addPendingActivity(CRM_TO_CTCT, "import", "{}")))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ids).hasSize(100);
        assertThat(store.pendingActivities(CRM_TO_CTCT)).hasSize(100);
    }

    protected long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected String queryString(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    protected Instant queryInstant(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
