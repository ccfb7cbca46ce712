package io.contactsync.mapping;

import java.util.Locale;
import java.util.Set;

import io.contactsync.vocabulary.Vocabulary;

/**
 * {@code opt-out-flag}: a CRM boolean "opted out" column paired with {@code permission_to_send}.
 * Towards Constant Contact a true flag becomes {@code unsubscribed} and anything else {@code ""} ("no opinion"):
 * the engine never opts anyone in, so this transform can never produce a subscribe value.
 * Towards the CRM {@code unsubscribed} becomes true and anything else false.
 */
enum OptOutFlagTransform implements ValueTransform {
    INSTANCE;

    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1", "on");

    @Override
    public String toCtct(String value) {
        return TRUE.contains(value.strip().toLowerCase(Locale.ROOT)) ? Vocabulary.UNSUBSCRIBED : "";
    }

    @Override
    public String toCrm(String value) {
        return Boolean.toString(Vocabulary.UNSUBSCRIBED.equals(value));
    }

    @Override
    public boolean booleanCrmColumn() {
        return true;
    }
}
