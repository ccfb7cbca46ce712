package io.contactsync.admin.page;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.contactsync.sync.ContactHistory;
import io.contactsync.sync.JournalSentences;

/** The explain page's model ({@code explain.mustache}): the contact's keys and its runs' sentences, oldest first. */
final class ExplainModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ExplainModel() {
    }

    static Map<String, Object> of(ContactHistory.Story story) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", story.key());
        m.put("crmIds", joined(story.crmIds()));
        m.put("contactIds", joined(story.contactIds()));
        m.put("emails", joined(story.emails()));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (JournalSentences.RunStory r : JournalSentences.runs(story.entries())) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", r.runId() == null ? "?" : r.runId().toString());
            run.put("flow", r.flow());
            run.put("at", r.at() == null ? "" : TIME.format(r.at()));
            run.put("sentences", r.sentences());
            runs.add(run);
        }
        m.put("runs", runs);
        m.put("none", runs.isEmpty());
        m.put("found", true);
        return m;
    }

    private static String joined(Set<String> values) {
        return values.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(values));
    }
}
