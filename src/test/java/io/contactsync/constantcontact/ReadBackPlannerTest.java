package io.contactsync.constantcontact;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.contactsync.constantcontact.ReadBackPlanner.Way;
import io.contactsync.vocabulary.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBackPlannerTest {

    @Test
    void aFewHundredEmailsArePagedBecauseOnePageCostsLessThanAnExport() {
        assertThat(ReadBackPlanner.firstPass(499, true, 1_000, 300_000)).isEqualTo(Way.PAGES);
        assertThat(ReadBackPlanner.firstPass(2_000, true, 1_000_000, 300_000)).isEqualTo(Way.PAGES);
    }

    @Test
    void manyEmailsInAnAccountSmallEnoughAreExported() {
        assertThat(ReadBackPlanner.firstPass(2_001, true, 10_000, 300_000)).isEqualTo(Way.EXPORT);
        assertThat(ReadBackPlanner.firstPass(10_000, true, 300_000, 300_000)).isEqualTo(Way.EXPORT);
    }

    @Test
    void anAccountLargerThanTheExportBoundIsNeverExported() {
        assertThat(ReadBackPlanner.firstPass(10_000, true, 300_001, 300_000)).isEqualTo(Way.PAGES);
        assertThat(ReadBackPlanner.exportForMissing(10_000, 300_001, 300_000)).isFalse();
        assertThat(ReadBackPlanner.firstPass(10_000, true, 10, 0)).isEqualTo(Way.PAGES);
    }

    @Test
    void withoutTheImportStartEveryEmailIsALookUpUnlessAnExportIsCheaper() {
        assertThat(ReadBackPlanner.firstPass(4, false, 100, 300_000)).isEqualTo(Way.LOOKUPS);
        assertThat(ReadBackPlanner.firstPass(5, false, 100, 300_000)).isEqualTo(Way.EXPORT);
        assertThat(ReadBackPlanner.firstPass(5, false, 1_000_000, 300_000)).isEqualTo(Way.LOOKUPS);
    }

    @Test
    void contactsThePagesMissedAreExportedOnlyWhenMoreThanAnExportCosts() {
        assertThat(ReadBackPlanner.exportForMissing(ReadBackPlanner.EXPORT_CALLS, 1_000, 300_000)).isFalse();
        assertThat(ReadBackPlanner.exportForMissing(ReadBackPlanner.EXPORT_CALLS + 1, 1_000, 300_000)).isTrue();
    }

    @Test
    void theFirstPollWaitsForTheRowsButNeverLongerThanTheMaximum() {
        Duration initial = Duration.ofMillis(200);
        Duration max = Duration.ofSeconds(5);
        assertThat(ActivityPoller.firstWait(initial, max, 0)).isEqualTo(initial);
        assertThat(ActivityPoller.firstWait(initial, max, 10_000)).isEqualTo(Duration.ofMillis(2_200));
        assertThat(ActivityPoller.firstWait(initial, max, 1_000_000)).isEqualTo(max);
        assertThat(ActivityPoller.nextWait(Duration.ofMillis(200), max)).isEqualTo(Duration.ofMillis(300));
        assertThat(ActivityPoller.nextWait(Duration.ofSeconds(4), max)).isEqualTo(max);
    }

    @Test
    void anExportFileKeepsOnlyTheRowsAskedForWithTheirIdsPermissionAndDates() {
        String csv = "contact_id,email_address,permission_to_send,created_at,updated_at\n"
                + "id-1,Kate@Example.com,implicit,2026-11-01T10:00:00Z,2026-12-01T10:00:00Z\n"
                + "id-2,\"other,one@example.com\",unsubscribed,2026-11-02T10:00:00Z,2026-12-01T10:00:00Z\n"
                + "id-3,gone@example.com,UNSUBSCRIBED,,\n";
        ContactExports.Found found = ContactExports.parse(csv, Set.of("kate@example.com", "gone@example.com", "absent@example.com"));
        assertThat(found.contacts()).containsOnlyKeys("kate@example.com", "gone@example.com");
        CtctContact kate = found.contacts().get("kate@example.com");
        assertThat(kate.contactId()).isEqualTo("id-1");
        assertThat(kate.email()).isEqualTo("Kate@Example.com");
        assertThat(kate.unsubscribed()).isFalse();
        assertThat(kate.updatedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(found.createdAt()).containsEntry("kate@example.com", Instant.parse("2026-11-01T10:00:00Z"))
                .doesNotContainKey("gone@example.com");
        assertThat(found.contacts().get("gone@example.com").vocabulary())
                .containsEntry(Vocabulary.PERMISSION_TO_SEND, Vocabulary.UNSUBSCRIBED);
    }

    @Test
    void headersAreMatchedLooselyAndAFileWithoutIdsIsRefusedByName() {
        ContactExports.Found found = ContactExports.parse("Contact ID,Email Address\nx,a@b.c\n", Set.of("a@b.c"));
        assertThat(found.contacts().get("a@b.c").contactId()).isEqualTo("x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContactExports.parse("email\na@b.c\n", Set.of("a@b.c")))
                .hasMessageContaining("no contact_id column");
    }
}
