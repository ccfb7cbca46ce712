package io.contactsync.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.contactsync.mapping.ConflictPolicy;

/** Test data for state store tests: a fluent {@link PageCommit} builder and small record factories. */
final class Pages {

    static final String CRM_TO_CTCT = "crm-to-ctct";
    static final String CTCT_TO_CRM = "ctct-to-crm";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final List<LinkedContact> links = new ArrayList<>();
    private final List<String> unlinks = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<String> resolved = new ArrayList<>();
    private final List<ConflictRecord> conflicts = new ArrayList<>();
    private final List<Long> completed = new ArrayList<>();
    private Checkpoint checkpoint;

    static Pages page() {
        return new Pages();
    }

    Pages link(LinkedContact... more) {
        links.addAll(List.of(more));
        return this;
    }

    Pages links(List<LinkedContact> more) {
        links.addAll(more);
        return this;
    }

    Pages unlink(String... crmIds) {
        unlinks.addAll(List.of(crmIds));
        return this;
    }

    Pages park(DeadLetter... more) {
        deadLetters.addAll(List.of(more));
        return this;
    }

    Pages resolve(String... keys) {
        resolved.addAll(List.of(keys));
        return this;
    }

    Pages conflict(ConflictRecord... more) {
        conflicts.addAll(List.of(more));
        return this;
    }

    Pages complete(Long... ids) {
        completed.addAll(List.of(ids));
        return this;
    }

    Pages checkpoint(String flow, Instant position, String tieBreaker) {
        checkpoint = new Checkpoint(flow, position, tieBreaker, null);
        return this;
    }

    PageCommit build() {
        return new PageCommit(links, unlinks, deadLetters, resolved, conflicts, completed, checkpoint);
    }

    static LinkedContact link(String crmId, String contactId, String email) {
        return new LinkedContact(crmId, contactId, email, Map.of("email", email, "first_name", "F" + crmId),
                T0, T0.plusSeconds(1), T0.plusSeconds(2));
    }

    static DeadLetter deadLetter(String flow, String key, String reason) {
        return new DeadLetter(flow, key, "{\"id\":\"" + key + "\"}", reason, 0, null);
    }

    static ConflictRecord conflict(String crmId, String field, Instant at) {
        return new ConflictRecord(crmId, "c-" + crmId, field, "crm", "ctct", ConflictWinner.CRM, ConflictPolicy.NEWEST, at);
    }
}
