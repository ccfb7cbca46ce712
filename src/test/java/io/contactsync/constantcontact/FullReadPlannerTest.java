package io.contactsync.constantcontact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.FullReadPlanner.Way;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullReadPlannerTest {

    @TempDir
    Path dir;

    @Test
    void aFirstPullOfAHundredThousandIsOneExportNotTwoHundredPages() {
        assertThat(FullReadPlanner.choose(100_000, 100_000, 500, 300_000, true)).isEqualTo(Way.EXPORT);
        assertThat(FullReadPlanner.pagesAfterFirst(100_000, 500)).isEqualTo(199);
        assertThat(FullReadPlanner.exportCalls(100_000)).isEqualTo(8);
    }

    @Test
    void aSmallDeltaPagesBecauseItsFirstPageHoldsItAll() {
        assertThat(FullReadPlanner.choose(300, 100_000, 500, 300_000, true)).isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(0, 0, 500, 300_000, true)).isEqualTo(Way.PAGES);
    }

    @Test
    void aDeltaOfAFewPagesPagesWhileTheExportCostsMore() {
        // 3,000 of 500 are 5 pages after the first; an export of the account is about 7 requests.
        assertThat(FullReadPlanner.choose(3_000, 3_000, 500, 300_000, true)).isEqualTo(Way.PAGES);
        // 4,500 are 8 pages after the first: the export wins.
        assertThat(FullReadPlanner.choose(4_500, 4_500, 500, 300_000, true)).isEqualTo(Way.EXPORT);
        // The same 3,000 in pages of 100 are 29 more pages.
        assertThat(FullReadPlanner.choose(3_000, 3_000, 100, 300_000, true)).isEqualTo(Way.EXPORT);
    }

    @Test
    void aSmallDeltaInALargeAccountPagesBecauseTheFileHoldsTheWholeAccount() {
        // 5,000 updated of 290,000: 9 more pages, against 6 requests and a file of 290,000 rows.
        assertThat(FullReadPlanner.choose(5_000, 290_000, 500, 300_000, true)).isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(50_000, 290_000, 500, 300_000, true)).isEqualTo(Way.EXPORT);
    }

    @Test
    void anAccountOverTheBoundAnUnexportableFieldOrExportsOffAlwaysPage() {
        assertThat(FullReadPlanner.choose(300_001, 300_001, 500, 300_000, true)).isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(100_000, 100_000, 500, 300_000, false)).isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(100_000, 100_000, 500, 0, true)).isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(-1, 100_000, 500, 300_000, true)).as("count unknown").isEqualTo(Way.PAGES);
        assertThat(FullReadPlanner.choose(100_000, -1, 500, 300_000, true)).as("account unknown").isEqualTo(Way.PAGES);
    }

    @Test
    void theExportAsksForEachMappedFieldsColumnAndTheIdentityConsentListsAndTime() {
        ExportColumns.Columns c = ExportColumns.of(List.of("email", "first_name", "work_phone", "phone", "cf:tier",
                "cf:region", "permission_to_send", "birthday_month"));
        assertThat(c.exportable()).isTrue();
        assertThat(c.fields()).containsExactly("contact_id", "email_address", "permission_to_send", "updated_at",
                "list_memberships", "first_name", "phone_numbers", "custom_fields", "birthday_month");
        assertThat(c.header()).containsExactly("contact_id", "email_address", "permission_to_send", "updated_at",
                "list_memberships", "first_name", "phone_numbers", "birthday_month", "cf:region", "cf:tier");
    }

    @Test
    void anAddressOrAnUnknownFieldHasNoFaithfulColumn() {
        ExportColumns.Columns c = ExportColumns.of(List.of("email", "city", "work_street", "country", "tags"));
        assertThat(c.exportable()).isFalse();
        assertThat(c.unexportable()).containsExactlyInAnyOrder("city", "work_street", "country", "tags");
    }

    @Test
    void aRowReadsAsTheJsonReadWouldAndSkipsRowsNotUpdatedSinceThePass() throws IOException {
        Path file = Files.writeString(dir.resolve("export.csv"), """
                contact_id,email_address,permission_to_send,updated_at,list_memberships,first_name,phone_numbers,cf:tier
                a1,Ann@x.org,implicit,2026-01-02T00:00:00Z,"l2,l1",Ann,"home:555-1,work:555-2,fax:9",gold
                a2,bo@x.org,unsubscribed,2026-01-03T00:00:00Z,,,," "
                a3,cy@x.org,implicit,2026-01-01T00:00:00Z,l1,Cy,,
                """);
        try (ExportFile export = ExportFile.open(file, List.of("contact_id", "email_address", "cf:tier"))) {
            List<CtctContact> rows = export.next(10, Instant.parse("2026-01-01T12:00:00Z"));
            assertThat(rows).extracting(CtctContact::contactId).containsExactly("a1", "a2");
            assertThat(rows.get(0).vocabulary()).isEqualTo(Map.of("email", "Ann@x.org", "permission_to_send", "implicit",
                    "list_ids", "l1,l2", "first_name", "Ann", "home_phone", "555-1", "phone", "555-1",
                    "work_phone", "555-2", "other_phone", "9", "cf:tier", "gold"));
            assertThat(rows.get(0).updatedAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
            assertThat(rows.get(1).vocabulary()).as("empty cells are absent fields, a blank is kept as written")
                    .isEqualTo(Map.of("email", "bo@x.org", "permission_to_send", "unsubscribed", "cf:tier", " "));
            assertThat(rows.get(1).unsubscribed()).isTrue();
            assertThat(export.hasNext()).isFalse();
        }
        assertThat(file).as("closing deletes the file").doesNotExist();
    }

    @Test
    void aFileWithoutAnExpectedColumnIsRefusedAndDeleted() throws IOException {
        Path file = Files.writeString(dir.resolve("export.csv"), "contact_id,email_address\na1,a@x.org\n");
        assertThatThrownBy(() -> ExportFile.open(file, List.of("contact_id", "email_address", "cf:tier")))
                .isInstanceOf(ExportFile.MissingColumns.class).hasMessageContaining("cf:tier");
        assertThat(file).doesNotExist();
    }
}
