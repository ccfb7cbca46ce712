package io.contactsync.admin;

import java.time.Instant;

import io.contactsync.state.DeadLetter;
import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.FailureKind;
import io.contactsync.sync.Flow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of an operator's dead-letter actions: what a retry means per flow, and "next try" for people. */
class DeadLetterActionsTest {

    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void should_redrive_crm_to_ctct_by_key_and_reread_all_of_ctct_to_crm_which_cannot_read_one_contact() {
        assertThat(DeadLetterActions.retryMeans(Flow.CRM_TO_CTCT)).isEqualTo(DeadLetterActions.Retry.REDRIVE);
        assertThat(DeadLetterActions.retryMeans(Flow.CTCT_TO_CRM)).isEqualTo(DeadLetterActions.Retry.REREAD_ALL);
    }

    @Test
    void should_say_when_a_dead_letter_is_tried_again() {
        DeadLetter due = new DeadLetter("crm-to-ctct", "1", null, "r", 1, T, FailureKind.TRANSIENT, T.plusSeconds(60));
        DeadLetter spent = new DeadLetter("crm-to-ctct", "2", null, "r", 8, T, FailureKind.TRANSIENT, null);
        DeadLetter refused = new DeadLetter("crm-to-ctct", "3", null, "r", 1, T);

        assertThat(DeadLetterActions.nextTry(new DeadLetterEntry(1, due, T, null))).isEqualTo("2026-12-01T12:01:00Z");
        assertThat(DeadLetterActions.nextTry(new DeadLetterEntry(2, spent, T, null))).isEqualTo("never (out of attempts)");
        assertThat(DeadLetterActions.nextTry(new DeadLetterEntry(3, refused, T, null))).isEqualTo("never (fix the record)");
        assertThat(DeadLetterActions.nextTry(new DeadLetterEntry(3, refused, T, T))).startsWith("never (discarded");
    }
}
