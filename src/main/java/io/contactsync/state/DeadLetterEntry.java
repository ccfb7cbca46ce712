package io.contactsync.state;

import java.time.Instant;

/**
 * A dead letter as an operator sees it: its stable id (V6), the letter, when it was first parked and, once an operator
 * gave up on it, when ({@code discardedAt}; such a letter is kept for the record but never re-driven nor counted).
 */
public record DeadLetterEntry(long id, DeadLetter letter, Instant firstParkedAt, Instant discardedAt) {

    public boolean discarded() {
        return discardedAt != null;
    }
}
