package io.contactsync.sandbox;

import java.time.Instant;

/** A stored contact list (spec definition ContactList). Guarded by the {@link Account} lock. */
final class ContactList {
    public long seq;
    public String listId;
    public String name;
    public String description;
    public boolean favorite;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant deletedAt;
}
