package io.contactsync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.crm.CrmPosition;
import io.contactsync.state.Checkpoint;
import io.contactsync.state.LinkedContact;
import io.contactsync.sync.CrmToCtctPages.FollowedUpPage;
import io.contactsync.sync.CrmToCtctPages.PlannedPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code crm-to-ctct}'s commit step works out besides the writes: its checkpoint, its counts, the warnings. */
final class CrmToCtctCommits {

    private static final Logger LOG = LoggerFactory.getLogger(CrmToCtctFlow.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrmToCtctCommits() {
    }

    /**
     * The checkpoint never moves past the CRM's own "now": a row dated in the future (a wrong clock, a bad import)
     * is synced, but the checkpoint stops at now, so changes made meanwhile are not skipped.
     */
    static Checkpoint capped(String flow, CrmPosition last, Instant crmNow, Instant savedAt) {
        if (crmNow != null && last.updatedAt().isAfter(crmNow)) {
            return new Checkpoint(flow, crmNow, "", savedAt);
        }
        return new Checkpoint(flow, last.updatedAt(), last.id(), savedAt);
    }

    /** Future-dated rows are re-read by every cycle until their time comes; each is reported when it changed. */
    static void reportFutureDated(CrmToCtctCycle c, PlannedPage planned) {
        if (c.crmNow == null) {
            return;
        }
        Set<String> changed = new HashSet<>();
        planned.decisions().plans().forEach(p -> changed.add(p.crmId()));
        List<String> future = planned.loaded().mapped().records().stream()
                .filter(m -> m.updatedAt() != null && m.updatedAt().isAfter(c.crmNow) && changed.contains(m.crmId()))
                .map(CrmChangePlanner.Mapped::crmId).toList();
        if (!future.isEmpty()) {
            c.counts.add(Counter.FUTURE_DATED, future.size());
            LOG.warn("crm-to-ctct: {} CRM record(s) dated after the CRM's own clock ({}): synced, checkpoint kept at that"
                    + " clock; check the updated_at of CRM ids {}", future.size(), c.crmNow,
                    future.size() > 10 ? future.subList(0, 10) + " …" : future);
        }
    }

    static boolean wroteTo(RecordPlan p) {
        return p.importRow() != null || p.changeEmail() || p.unsubscribe() || !p.removeFromLists().isEmpty();
    }

    /**
     * Counts what a record's writes did, truly: a new record whose e-mail Constant Contact already had was linked,
     * not created. (A new opt-out Constant Contact already had unsubscribed is not counted unsubscribed: its plan
     * became an import without an unsubscribe when the create met the contact, {@link CreateFallbackPlanner}.)
     */
    static void count(Counts counts, RecordPlan p, boolean existedBefore) {
        if (p.delete()) {
            counts.inc(Counter.DELETED);
            return;
        }
        if (p.importRow() != null) {
            counts.inc(Counter.IMPORTED);
            counts.inc(!p.isNew() ? Counter.UPDATED : existedBefore ? Counter.LINKED : Counter.CREATED);
        } else if (p.createsUnsubscribed()) {
            counts.inc(Counter.CREATED);
        } else if (p.changeEmail() || !p.removeFromLists().isEmpty()) {
            counts.inc(Counter.UPDATED);
        }
        if (!p.removeFromLists().isEmpty()) {
            counts.inc(Counter.LIST_REMOVALS);
        }
        if (p.unsubscribe()) {
            counts.inc(Counter.UNSUBSCRIBED);
        }
    }

    /**
     * What the journal needs of an applied record: the link it was planned against, the contact it is linked to now
     * (a new one's from its POST or read-back), and whether it was linked to a contact Constant Contact already had.
     */
    static JournalPlanner.Pushed journaled(RecordPlan p, PlannedPage planned, FollowedUpPage page, Set<String> deletedInCrm) {
        LinkedContact prior = planned.loaded().links().get(p.crmId());
        String contactId = p.contactId();
        if (contactId == null) {
            CtctContact found = p.createsUnsubscribed() ? page.confirmed().written().created().get(p.crmId())
                    : page.confirmed().readBack().get(p.email());
            contactId = found == null ? null : found.contactId();
        }
        return new JournalPlanner.Pushed(p, prior, contactId, page.confirmed().existedBefore().contains(p.email()),
                deletedInCrm.contains(p.crmId()));
    }

    /** The batch's records the CRM deleted. */
    static Set<String> deletedInCrm(PlannedPage planned) {
        Set<String> deleted = new HashSet<>();
        planned.loaded().mapped().records().stream().filter(CrmChangePlanner.Mapped::deleted).forEach(m -> deleted.add(m.crmId()));
        return deleted;
    }

    /** Each record's vocabulary as JSON, kept with its dead letter so an operator can see what was refused. */
    static Map<String, String> vocabularies(List<CrmChangePlanner.Mapped> records) {
        Map<String, String> byId = new HashMap<>();
        records.forEach(m -> byId.put(m.crmId(), json(m.vocabulary())));
        return byId;
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
