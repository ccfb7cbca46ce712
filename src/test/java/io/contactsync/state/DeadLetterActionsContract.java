package io.contactsync.state;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.CTCT_TO_CRM;
import static io.contactsync.state.Pages.T0;
import static io.contactsync.state.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;

/** An operator's dead-letter actions, V6 (mixed into {@link StateStoreContract}: H2 and PostgreSQL). */
interface DeadLetterActionsContract {

    JdbcStateStore store();

    private static DeadLetter parked(String flow, String key, int secondsAfterT0, FailureKind kind) {
        return new DeadLetter(flow, key, "{\"email\":\"" + key + "@example.org\"}", "email: refused (rule x)", 1,
                T0.plusSeconds(secondsAfterT0), kind, null);
    }

    @Test
    default void should_page_newest_first_with_stable_ids_and_no_payload() {
        store().commit(page().park(parked(CRM_TO_CTCT, "a", 1, FailureKind.PERMANENT))
                .park(parked(CRM_TO_CTCT, "b", 2, FailureKind.TRANSIENT)).park(parked(CTCT_TO_CRM, "c", 3, FailureKind.PERMANENT))
                .build());

        DeadLetterPage all = store().deadLetterPage(null, false, 1, 2);
        DeadLetterPage second = store().deadLetterPage(null, false, 2, 2);
        DeadLetterPage crm = store().deadLetterPage(CRM_TO_CTCT, false, 1, 10);

        assertThat(all.total()).isEqualTo(3);
        assertThat(all.pages()).isEqualTo(2);
        assertThat(all.entries()).extracting(e -> e.letter().recordKey()).containsExactly("c", "b");
        assertThat(second.entries()).extracting(e -> e.letter().recordKey()).containsExactly("a");
        assertThat(crm.entries()).extracting(e -> e.letter().recordKey()).containsExactly("b", "a");
        assertThat(all.entries()).allSatisfy(e -> assertThat(e.letter().payload()).isNull());
        long id = crm.entries().get(1).id();
        assertThat(store().deadLetter(id, true).orElseThrow().letter().payload()).contains("a@example.org");

        store().commit(page().park(parked(CRM_TO_CTCT, "a", 9, FailureKind.PERMANENT)).build());
        DeadLetterEntry again = store().deadLetter(id, false).orElseThrow();
        assertThat(again.letter().attempts()).as("parked again: same row, same id").isEqualTo(2);
        assertThat(store().deadLetter(999_999, false)).isEmpty();
    }

    @Test
    default void should_make_a_retried_one_due_now_with_a_fresh_attempt_budget() {
        store().commit(page().park(parked(CRM_TO_CTCT, "a", 1, FailureKind.PERMANENT)).build());
        long id = store().deadLetterPage(null, false, 1, 10).entries().get(0).id();
        Instant now = T0.plusSeconds(60);
        assertThat(store().dueDeadLetters(CRM_TO_CTCT, now, 10)).as("permanent: never due by itself").isEmpty();

        DeadLetterEntry retried = store().retryDeadLetter(id, now).orElseThrow();

        assertThat(retried.letter().attempts()).isZero();
        assertThat(retried.letter().nextAttemptAt()).isEqualTo(now);
        assertThat(store().dueDeadLetters(CRM_TO_CTCT, now, 10)).extracting(DeadLetter::recordKey).containsExactly("a");
        assertThat(store().retryDeadLetter(999_999, now)).isEmpty();
    }

    @Test
    default void should_keep_a_discarded_one_uncounted_and_never_due_until_parked_again() {
        store().commit(page().park(parked(CRM_TO_CTCT, "a", 1, FailureKind.TRANSIENT))
                .park(parked(CRM_TO_CTCT, "b", 2, FailureKind.TRANSIENT)).build());
        List<DeadLetterEntry> two = store().deadLetterPage(CRM_TO_CTCT, false, 1, 10).entries();
        Instant now = T0.plusSeconds(60);
        store().retryDeadLetters(CRM_TO_CTCT, now);

        DeadLetterEntry gone = store().discardDeadLetter(two.get(1).id(), now).orElseThrow();

        assertThat(gone.discardedAt()).isEqualTo(now);
        assertThat(store().deadLetterCount()).isEqualTo(1);
        assertThat(store().deadLetters(CRM_TO_CTCT, 10)).extracting(DeadLetter::recordKey).containsExactly("b");
        assertThat(store().dueDeadLetters(CRM_TO_CTCT, now, 10)).extracting(DeadLetter::recordKey).containsExactly("b");
        assertThat(store().deadLetterPage(null, true, 1, 10).entries()).extracting(DeadLetterEntry::id)
                .containsExactly(gone.id());
        assertThat(store().retryDeadLetters(null, now)).as("--all leaves the discarded alone").hasSize(1);
        assertThat(store().discardDeadLetters(CRM_TO_CTCT, now)).hasSize(1);
        assertThat(store().deadLetterCount()).isZero();

        store().commit(page().park(parked(CRM_TO_CTCT, "a", 90, FailureKind.PERMANENT)).build());
        assertThat(store().deadLetter(gone.id(), false).orElseThrow().discarded())
                .as("failed anew after a change: parked again, visible again").isFalse();
        assertThat(store().deadLetterCount()).isEqualTo(1);
    }
}
