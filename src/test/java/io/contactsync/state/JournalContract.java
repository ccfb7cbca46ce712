package io.contactsync.state;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.contactsync.state.Pages.CRM_TO_CTCT;
import static io.contactsync.state.Pages.CTCT_TO_CRM;
import static io.contactsync.state.Pages.T0;
import static io.contactsync.state.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal, V7 (mixed into {@link StateStoreContract}: H2 and PostgreSQL). */
interface JournalContract {

    JdbcStateStore store();

    private static JournalEntry entry(String flow, Instant at, String crmId, String contactId, String email, String field,
                                      String before, String after, String why) {
        return new JournalEntry(0, 7L, flow, at, crmId, contactId, email, field, before, after, why, null);
    }

    @Test
    default void should_keep_entries_with_the_page_and_find_them_by_any_key_oldest_first() {
        store().commit(page().checkpoint(CRM_TO_CTCT, T0, "1").build().withJournal(List.of(
                entry(CRM_TO_CTCT, T0, "1", "c-1", "A@X.org", "first_name", "Kate", "Katie", "crm-edit"),
                entry(CRM_TO_CTCT, T0, "2", "c-2", "b@x.org", "first_name", "", "Bob", "create"))));
        store().commit(page().checkpoint(CTCT_TO_CRM, T0, "").build().withJournal(List.of(
                new JournalEntry(0, 8L, CTCT_TO_CRM, T0.plusSeconds(60), "1", "c-1", "a@x.org", "consent", "", "unsubscribed",
                        "ctct-opt-out", "by the person"))));

        List<JournalEntry> byCrm = store().journal(List.of("1"), List.of(), List.of(), 10);
        List<JournalEntry> byEmail = store().journal(List.of(), List.of(), List.of("A@x.ORG"), 10);
        List<JournalEntry> byContact = store().journal(List.of(), List.of("c-1"), List.of(), 10);

        assertThat(byCrm).extracting(JournalEntry::why).containsExactly("crm-edit", "ctct-opt-out");
        assertThat(byEmail).isEqualTo(byCrm);
        assertThat(byContact).isEqualTo(byCrm);
        JournalEntry first = byCrm.get(0);
        assertThat(first.email()).as("stored lower case").isEqualTo("a@x.org");
        assertThat(first.before()).isEqualTo("Kate");
        assertThat(first.after()).isEqualTo("Katie");
        assertThat(first.runId()).isEqualTo(7L);
        assertThat(first.at()).isEqualTo(T0);
        assertThat(byCrm.get(1).detail()).isEqualTo("by the person");
        assertThat(store().journal(List.of("1"), List.of(), List.of(), 1)).as("the newest within the limit")
                .extracting(JournalEntry::why).containsExactly("ctct-opt-out");
        assertThat(store().journal(List.of(), List.of(), List.of(), 10)).isEmpty();
    }

    @Test
    default void should_write_no_journal_entry_when_the_page_rolls_back() {
        PageCommit bad = page().resolve("x").build().withJournal(List.of(
                entry(CRM_TO_CTCT, T0, "9", "c-9", "z@x.org", "first_name", "a", "b", "crm-edit")));

        // Resolving without a flow is refused: the whole page rolls back, its journal with it.
        assertThatThrownBy(() -> store().commit(bad)).isInstanceOf(StateStoreException.class);

        assertThat(store().journal(List.of("9"), List.of(), List.of(), 10)).isEmpty();
    }

    @Test
    default void should_purge_only_entries_older_than_the_cutoff() {
        store().commit(page().build().withJournal(List.of(
                entry(CRM_TO_CTCT, T0, "1", "c-1", "a@x.org", "city", "", "Oslo", "crm-edit"),
                entry(CRM_TO_CTCT, T0.plusSeconds(3600), "1", "c-1", "a@x.org", "city", "Oslo", "Rome", "crm-edit"))));

        int purged = store().purgeJournal(T0.plusSeconds(1));

        assertThat(purged).isEqualTo(1);
        assertThat(store().journal(List.of("1"), List.of(), List.of(), 10)).extracting(JournalEntry::after)
                .containsExactly("Rome");
    }
}
