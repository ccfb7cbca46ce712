package io.contactsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmPage;
import io.contactsync.crm.CrmPosition;

/**
 * The body that travels through the {@code crm-to-ctct} route: one cycle's position, counters and the page in
 * hand. Used by one thread at a time.
 */
public final class CrmToCtctCycle {

    /** An activity started for this page and the outbox entry that records it. */
    record Started(long outboxId, String kind, String activityId, List<String> crmIds, List<String> emails) {
    }

    RunRecorder.Run run;
    CrmPosition position;
    boolean morePages = true;
    final Counts counts = new Counts();
    final List<Long> recoveredOutbox = new ArrayList<>();
    java.util.Set<String> managedLists = java.util.Set.of();

    // the page in hand; cleared by commit
    CrmPage page;
    List<CrmChangePlanner.Mapped> mapped = List.of();
    Map<String, io.contactsync.state.LinkedContact> links = Map.of();
    Map<String, io.contactsync.state.LinkedContact> emailOwners = Map.of();
    CrmChangePlanner.Decisions decisions;
    final Map<String, String> failed = new LinkedHashMap<>();
    final List<Started> started = new ArrayList<>();
    final Map<String, CtctContact> confirmed = new LinkedHashMap<>();
    final Map<String, Map<String, String>> snapshotFixes = new LinkedHashMap<>();

    public boolean isMorePages() {
        return morePages;
    }

    public long runId() {
        return run == null ? 0 : run.id();
    }

    void clearPage() {
        page = null;
        mapped = List.of();
        links = Map.of();
        emailOwners = Map.of();
        decisions = null;
        failed.clear();
        started.clear();
        confirmed.clear();
        snapshotFixes.clear();
    }
}
