package io.contactsync.sync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.crm.CrmPage;
import io.contactsync.state.FailureKind;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 400 for a whole JSON import (one bad row refuses the body) is bisected against the sandbox until the refused
 * rows stand alone: only those fail, permanently, with the field and rule named; the rest lands in the same call.
 * The rows here bypass the planner's own limit checks on purpose, as a limit the planner does not know would.
 */
class ImportBisectIT {

    private static final int ROWS = 16;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static RecordPlan row(int i, String firstName, String listId) {
        String email = "bisect" + i + "@example.com";
        Map<String, String> row = Map.of("email", email, "first_name", firstName);
        return new RecordPlan("crm-" + i, email, null, row, row, List.of(listId), false, false, false, List.of(), Map.of(),
                Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void should_isolate_and_park_only_the_refused_rows_when_an_import_is_refused() {
        CtctClient ctct = bed.engine().ctct();
        String list = ctct.createList("Bisect");
        List<RecordPlan> plans = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            plans.add(row(i, i == 5 || i == 11 ? "N".repeat(60) : "Name" + i, list));
        }
        CtctWriter writer = new CtctWriter(ctct, bed.engine().state(), new ImportBatcher(3_800_000, 40_000), CycleHook.NONE,
                Flow.CRM_TO_CTCT.id());
        var read = new CrmToCtctPages.ReadPage(new CrmToCtctCycle(), new CrmPage(List.of(), null, false), Set.of());
        var loaded = new CrmToCtctPages.LoadedPage(new CrmToCtctPages.MappedPage(read, List.of()), Map.of(), Map.of());
        var planned = new CrmToCtctPages.PlannedPage(loaded, new CrmChangePlanner.Decisions(plans, List.of(), Map.of()));
        long importsBefore = bed.requests("POST /v3/activities/contacts_json_import");

        var written = writer.write(planned);
        var confirmed = writer.confirm(written);

        assertThat(confirmed.failed()).containsOnlyKeys("crm-5", "crm-11");
        assertThat(confirmed.failed().values()).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(f.reason()).contains("first_name longer than 50 characters").doesNotContain("NNNN");
        });
        assertThat(confirmed.readBack()).hasSize(ROWS - 2);
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(ROWS - 2);
        long posts = bed.requests("POST /v3/activities/contacts_json_import") - importsBefore;
        assertThat(posts).as("bisection costs a few POSTs, not one per row").isLessThan(ROWS);
        assertThat(written.unsent()).as("refused POSTs leave their outbox entries to be settled").isNotEmpty();
    }
}
