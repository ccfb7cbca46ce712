package io.contactsync.sync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.LinkedContact;
import io.contactsync.state.PageCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolving a contact's keys for explain, on a real H2 state store. */
class ContactHistoryTest {

    private static final String CONTACT = "0d3f2c7e-1b2a-4c5d-8e9f-001122334455";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    JdbcStateStore store;

    @BeforeEach
    void open() {
        store = JdbcStateStore.open("jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=FALSE", null, null);
        // Run 1 created the contact under its old e-mail; run 2 changed the e-mail; the link holds the new one.
        store.commit(page(List.of(), List.of(
                entry(1, "contact", null, CONTACT, "create", "old@x.org"))));
        store.commit(page(List.of(new LinkedContact("17", CONTACT, "new@x.org", Map.of(), T, T, T)), List.of(
                entry(2, "email", "old@x.org", "new@x.org", "email-change", "new@x.org"))));
        // Another record later took the old address: its rows must not join this contact's story.
        store.commit(page(List.of(), List.of(new JournalEntry(0, 3L, "crm-to-ctct", null, "99", "other-contact", "old@x.org",
                "contact", null, "other-contact", "create", null))));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static PageCommit page(List<LinkedContact> links, List<JournalEntry> journal) {
        return new PageCommit(links, List.of(), List.of(), List.of(), List.of(), List.of(), null, "crm-to-ctct").withJournal(journal);
    }

    private static JournalEntry entry(long run, String field, String before, String after, String why, String email) {
        return new JournalEntry(0, run, "crm-to-ctct", null, "17", CONTACT, email, field, before, after, why, null);
    }

    private List<Long> runsOf(String key) {
        return ContactHistory.find(store, key, 100).orElseThrow().entries().stream()
                .filter(e -> "17".equals(e.crmId())).map(JournalEntry::runId).toList();
    }

    @Test
    void should_tell_the_whole_story_when_asked_by_crm_id_contact_id_or_either_e_mail() {
        assertThat(runsOf("17")).containsExactly(1L, 2L);
        assertThat(runsOf(CONTACT)).containsExactly(1L, 2L);
        assertThat(runsOf("NEW@x.org")).containsExactly(1L, 2L);
        assertThat(runsOf("old@x.org")).as("the old address spans the e-mail change").containsExactly(1L, 2L);
        assertThat(ContactHistory.find(store, "17", 100).orElseThrow().crmIds()).as("not followed to the address's later owner")
                .containsExactly("17");
        assertThat(ContactHistory.find(store, "17", 100).orElseThrow().emails()).containsExactlyInAnyOrder("old@x.org", "new@x.org");
    }

    @Test
    void should_find_nothing_when_no_link_or_entry_knows_the_key_and_refuse_a_blank_key_or_bad_limit() {
        assertThat(ContactHistory.find(store, "nobody@x.org", 10)).isEmpty();
        assertThat(ContactHistory.find(store, "404", 10)).isEmpty();
        assertThatThrownBy(() -> ContactHistory.find(store, " ", 10)).hasMessageStartingWith("key:");
        assertThatThrownBy(() -> ContactHistory.find(store, "17", 0)).hasMessageStartingWith("limit:");
        assertThat(ContactHistory.find(store, "17", 1).orElseThrow().entries()).as("the newest within the limit")
                .extracting(JournalEntry::runId).containsExactly(2L);
    }

    @Test
    void should_tell_what_a_key_names_by_its_shape() {
        assertThat(ContactHistory.kindOf("a@b.org")).isEqualTo("email");
        assertThat(ContactHistory.kindOf(CONTACT)).isEqualTo("contact_id");
        assertThat(ContactHistory.kindOf("c000001")).isEqualTo("crm_id");
    }
}
