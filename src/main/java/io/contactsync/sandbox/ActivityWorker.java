package io.contactsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs activities in the background: each goes {@code initialized} → {@code processing} (after a third of
 * {@code activityProcessingMillis}) → its final state (after all of it). Activities run independently, not one after
 * another. A fault rule can force {@code failed} or {@code timed_out}; such an activity changes nothing.
 */
final class ActivityWorker implements AutoCloseable {
    private final Account account;
    private final SandboxClock clock;
    private final long millis;
    private final FaultInjector faults;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sandbox-activities");
        t.setDaemon(true);
        return t;
    });

    ActivityWorker(Account account, SandboxClock clock, long millis, FaultInjector faults) {
        this.account = account;
        this.clock = clock;
        this.millis = millis;
        this.faults = faults;
    }

    /** Schedules the activity's state changes; safe to call again after a restart. */
    void schedule(String activityId) {
        executor.schedule(() -> start(activityId), millis / 3, TimeUnit.MILLISECONDS);
        executor.schedule(() -> finish(activityId), millis, TimeUnit.MILLISECONDS);
    }

    private void start(String id) {
        synchronized (account) {
            Activity a = account.activities.get(id);
            if (a != null && "initialized".equals(a.state)) {
                a.state = "processing";
                a.startedAt = clock.now();
                a.updatedAt = a.startedAt;
                a.forcedOutcome = faults.forActivity().orElse(null);
                account.touch(Account.ACTIVITY, id);
            }
        }
    }

    private void finish(String id) {
        synchronized (account) {
            Activity a = account.activities.get(id);
            if (a == null || a.isFinal()) {
                return;
            }
            if (a.startedAt == null) {
                start(id);
            }
            Instant now = clock.now();
            if (a.forcedOutcome != null) {
                a.state = a.forcedOutcome;
                a.errors.add("timed_out".equals(a.forcedOutcome) ? "The activity timed out." : "The activity failed.");
            } else {
                switch (a.kind) {
                    case Activity.IMPORT -> new ImportJob(account, a, now).run();
                    case Activity.EXPORT -> export(a);
                    case Activity.DELETE -> delete(a, now);
                    default -> memberships(a, now, Activity.ADD_LISTS.equals(a.kind));
                }
                a.state = "completed";
                a.percentDone = 100;
            }
            a.completedAt = now;
            a.updatedAt = now;
            a.request = null;
            account.touch(Account.ACTIVITY, id);
        }
    }

    private void export(Activity a) {
        JsonNode req = a.request;
        Set<String> ids = texts(req.path("contact_ids"));
        Set<String> lists = texts(req.path("list_ids"));
        Set<String> tags = texts(req.path("tag_ids"));
        Set<String> excluded = texts(req.path("exclude").path("contact_ids"));
        String status = req.path("status").asText(null);
        Instant newSince = clock.now().minusSeconds(30L * 86_400);
        boolean newOnly = req.path("new_subscriber").asBoolean(false);
        Predicate<Contact> selected = c -> (status == null ? !c.isDeleted() : status.equals(c.status()))
                && (ids.isEmpty() || ids.contains(c.contactId))
                && (lists.isEmpty() || lists.stream().anyMatch(c.lists::contains))
                && (tags.isEmpty() || tags.stream().anyMatch(c.taggings::contains))
                && (!newOnly || c.createdAt.isAfter(newSince))
                && !excluded.contains(c.contactId);
        List<String> fields = new ArrayList<>(texts(req.path("fields")));
        int[] rows = new int[1];
        // Streamed to the export's file row by row: at 1,000,000 contacts the CSV is about 250 MB.
        String file = account.exportFiles.write(a.activityId, out -> rows[0] = ExportCsv.write(
                account.bySeq.values().stream().filter(selected).iterator(), fields, account.fields.values(), out));
        account.exports.put(a.activityId, file);
        account.touch(Account.EXPORT, a.activityId);
        a.status.put("items_total_count", rows[0]);
        a.status.put("items_completed_count", rows[0]);
    }

    private void delete(Activity a, Instant now) {
        Set<String> lists = texts(a.request.path("list_ids"));
        List<Contact> targets = new ArrayList<>();
        for (String id : texts(a.request.path("contact_ids"))) {
            Contact c = account.contacts.get(id);
            if (c == null) {
                a.errors.add("contact " + id + " not found");
            } else {
                targets.add(c);
            }
        }
        if (!lists.isEmpty()) {
            account.bySeq.values().stream().filter(c -> lists.stream().anyMatch(c.lists::contains)).forEach(targets::add);
        }
        for (Contact c : targets) {
            if (!c.isDeleted()) {
                c.deletedAt = now;
                c.updatedAt = now;
                account.touch(Account.CONTACT, c.contactId);
            }
        }
        a.status.put("items_total_count", targets.size());
        a.status.put("items_completed_count", targets.size());
        a.status.put("list_count", lists.size());
    }

    private void memberships(Activity a, Instant now, boolean add) {
        JsonNode source = a.request.path("source");
        Set<String> targetLists = texts(a.request.path("list_ids"));
        for (String id : targetLists) {
            if (!account.lists.containsKey(id)) {
                a.errors.add("list " + id + " not found");
            }
        }
        targetLists.retainAll(account.lists.keySet());
        Set<String> ids = texts(source.path("contact_ids"));
        Set<String> fromLists = texts(source.path("list_ids"));
        Set<String> fromTags = texts(source.path("tag_ids"));
        Set<String> excluded = texts(a.request.path("exclude").path("contact_ids"));
        boolean allActive = source.path("all_active_contacts").asBoolean(false);
        List<Contact> targets = account.bySeq.values().stream()
                .filter(c -> !c.isDeleted() && !excluded.contains(c.contactId))
                .filter(c -> ids.contains(c.contactId) || fromLists.stream().anyMatch(c.lists::contains)
                        || fromTags.stream().anyMatch(c.taggings::contains) || (allActive && "active".equals(c.status())))
                .toList();
        for (Contact c : targets) {
            boolean changed = add ? c.lists.addAll(targetLists) : c.lists.removeAll(targetLists);
            if (add && c.lists.size() > 50) {
                c.lists.removeAll(targetLists);
                a.errors.add("contact " + c.contactId + " would exceed 50 lists");
                changed = false;
            }
            if (changed) {
                c.updatedAt = now;
                account.touch(Account.CONTACT, c.contactId);
            }
        }
        a.status.put("items_total_count", targets.size());
        a.status.put("items_completed_count", targets.size());
        a.status.put("list_count", targetLists.size());
    }

    static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
