package io.contactsync.sandbox;

import java.time.Instant;

/** A stored tag (spec definition Tag). Guarded by the {@link Account} lock. */
final class Tag {
    public long seq;
    public String tagId;
    public String name;
    public String tagSource;
    public Instant createdAt;
    public Instant updatedAt;
}
