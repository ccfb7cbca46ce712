package io.contactsync.constantcontact;

import java.time.Instant;
import java.util.Map;

import io.contactsync.vocabulary.Vocabulary;

/**
 * A Constant Contact contact turned into the shared vocabulary.
 *
 * @param vocabulary import field names (and {@code cf:<name>}, {@code permission_to_send}, {@code list_ids}) to values
 * @param updatedAt  Constant Contact's own {@code updated_at}
 * @param deleted    true when {@code deleted_at} is set
 */
public record CtctContact(String contactId, Map<String, String> vocabulary, Instant updatedAt, boolean deleted) {
    public CtctContact {
        vocabulary = Map.copyOf(vocabulary);
    }

    public String email() {
        return vocabulary.getOrDefault(Vocabulary.EMAIL, "");
    }

    public boolean unsubscribed() {
        return Vocabulary.UNSUBSCRIBED.equals(vocabulary.get(Vocabulary.PERMISSION_TO_SEND));
    }
}
