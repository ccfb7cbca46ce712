package io.contactsync.constantcontact;

import java.util.Locale;

/** The bulk activities the engine starts; {@link #id()} is how the outbox records them. */
public enum ActivityKind {
    IMPORT, DELETE, REMOVE_LIST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind an outbox entry names. */
    public static ActivityKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
