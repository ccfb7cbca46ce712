package io.contactsync.state;

import java.util.List;

/**
 * Everything one page of work changes in the state store, committed by {@link StateStore#commit} in ONE
 * transaction, the checkpoint last. Any list may be empty; {@code checkpoint} may be null (no move).
 *
 * @param links              links and snapshots to insert or replace (by crmId; a changed contactId replaces it)
 * @param unlinkCrmIds       links (and snapshots) to remove
 * @param deadLetters        records to park
 * @param resolvedDeadLetters record keys of this flow whose dead letters are resolved (deleted)
 * @param conflicts          conflicts detected on this page
 * @param completedActivities outbox ids whose effects this commit records (deleted)
 * @param checkpoint         the flow's new checkpoint, or null
 * @param flow               the flow this page belongs to (names whose dead letters are resolved); null: the
 *                           checkpoint's
 * @param progress           the run's progress after this page, written in the same transaction; null: none
 * @param journal            the journal entries of the writes this page made (docs/journal.md), in the same
 *                           transaction; entries without a run id get the progress's run
 */
public record PageCommit(List<LinkedContact> links, List<String> unlinkCrmIds, List<DeadLetter> deadLetters,
                         List<String> resolvedDeadLetters, List<ConflictRecord> conflicts,
                         List<Long> completedActivities, Checkpoint checkpoint, String flow, RunProgress progress,
                         List<JournalEntry> journal) {

    /** A page without journal entries. */
    public PageCommit(List<LinkedContact> links, List<String> unlinkCrmIds, List<DeadLetter> deadLetters,
                      List<String> resolvedDeadLetters, List<ConflictRecord> conflicts, List<Long> completedActivities,
                      Checkpoint checkpoint, String flow, RunProgress progress) {
        this(links, unlinkCrmIds, deadLetters, resolvedDeadLetters, conflicts, completedActivities, checkpoint, flow,
                progress, List.of());
    }

    /** A page of a flow without run progress. */
    public PageCommit(List<LinkedContact> links, List<String> unlinkCrmIds, List<DeadLetter> deadLetters,
                      List<String> resolvedDeadLetters, List<ConflictRecord> conflicts, List<Long> completedActivities,
                      Checkpoint checkpoint, String flow) {
        this(links, unlinkCrmIds, deadLetters, resolvedDeadLetters, conflicts, completedActivities, checkpoint, flow, null);
    }

    /** A page of the checkpoint's flow. */
    public PageCommit(List<LinkedContact> links, List<String> unlinkCrmIds, List<DeadLetter> deadLetters,
                      List<String> resolvedDeadLetters, List<ConflictRecord> conflicts, List<Long> completedActivities,
                      Checkpoint checkpoint) {
        this(links, unlinkCrmIds, deadLetters, resolvedDeadLetters, conflicts, completedActivities, checkpoint,
                checkpoint == null ? null : checkpoint.flow(), null);
    }

    public PageCommit {
        links = List.copyOf(links);
        unlinkCrmIds = List.copyOf(unlinkCrmIds);
        deadLetters = List.copyOf(deadLetters);
        resolvedDeadLetters = List.copyOf(resolvedDeadLetters);
        conflicts = List.copyOf(conflicts);
        completedActivities = List.copyOf(completedActivities);
        journal = journal == null ? List.of() : List.copyOf(journal);
    }

    /** The same page, carrying the run's progress after it. */
    public PageCommit withProgress(RunProgress runProgress) {
        return new PageCommit(links, unlinkCrmIds, deadLetters, resolvedDeadLetters, conflicts, completedActivities,
                checkpoint, flow, runProgress, journal);
    }

    /** The same page, carrying these journal entries. */
    public PageCommit withJournal(List<JournalEntry> entries) {
        return new PageCommit(links, unlinkCrmIds, deadLetters, resolvedDeadLetters, conflicts, completedActivities,
                checkpoint, flow, progress, entries);
    }
}
