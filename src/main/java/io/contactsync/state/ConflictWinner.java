package io.contactsync.state;

import java.util.Locale;

/** The side whose value a conflict kept; {@link #id()} is how it is stored and shown. */
public enum ConflictWinner {
    CRM, CTCT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConflictWinner of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id();
    }
}
