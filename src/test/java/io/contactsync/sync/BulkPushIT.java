package io.contactsync.sync;

import java.nio.file.Path;

import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk path of crm-to-ctct over real HTTP: CRM pages gathered into one batch, its activities polled together,
 * new contacts' ids learned from one contact_exports file — and the first sync of a user whose account already holds
 * the contacts, which must link them for a handful of requests, count nothing as created, and change no consent.
 */
class BulkPushIT {

    private static final int CONTACTS = 3_000;
    private static final String IMPORTS = "POST /v3/activities/contacts_json_import";
    private static final String EXPORTS = "POST /v3/activities/contact_exports";
    private static final String CONTACT_PAGES = "GET /v3/contacts";
    private static final String ACTIVITY_LIST = "GET /v3/activities";
    private static final String ACTIVITY_ONE = "GET /v3/activities/{activity_id}";

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        // Refresh tokens that do not rotate: the second installation starts from the configured one again.
        bed = Testbed.start(dir, SandboxConfig.defaults().withRateLimited(false).withRotateRefreshTokens(false));
        bed.seed(CONTACTS);
        bed.createTierField();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
            assertThat(bed.stats().path("truncations").asLong()).as("truncations").isZero();
        } finally {
            bed.close();
        }
    }

    @Test
    void should_push_a_batch_of_pages_in_few_imports_and_learn_every_id_from_one_export() {
        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.CREATED)).as(s.line()).isEqualTo(CONTACTS);
        assertThat(s.count(Counter.LINKED)).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        // 3,000 records are 6 CRM pages but one batch: an import per list set, not per page and list set.
        long imports = bed.requests(IMPORTS);
        assertThat(imports).as("imports").isBetween(1L, 8L);
        assertThat(bed.requests(EXPORTS)).as("one export learns every id").isEqualTo(1);
        assertThat(bed.requests(CONTACT_PAGES)).as("no paging, no look-up per e-mail").isZero();
        assertThat(bed.requests(ACTIVITY_LIST) + bed.requests(ACTIVITY_ONE)).as("polls for %d imports and one export", imports)
                .isLessThanOrEqualTo(8);
        assertThat(bed.engine().state().linkCount()).isEqualTo(CONTACTS);
    }

    @Test
    void should_link_an_account_that_already_holds_the_contacts_without_creating_or_looking_up_each() {
        SyncSummary first = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(first.status()).as(first.line()).isEqualTo(RunStatus.SUCCEEDED);
        long unsubscribed = bed.stats().path("contacts").path("unsubscribed").asLong(-1);
        // A new installation: same CRM, same account, an empty state store.
        bed.stopEngine();
        bed.set("sync.state.jdbc.url", "jdbc:h2:file:" + dir.resolve("fresh-state").toAbsolutePath());
        JsonCounts before = JsonCounts.of(bed);

        SyncSummary again = bed.sync(Flow.CRM_TO_CTCT);

        JsonCounts after = JsonCounts.of(bed);
        assertThat(again.status()).as(again.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.count(Counter.CREATED)).as("nothing was created: %s", again.line()).isZero();
        assertThat(again.count(Counter.LINKED)).as(again.line()).isEqualTo(CONTACTS);
        assertThat(again.count(Counter.UNSUBSCRIBED)).as("already unsubscribed there: %s", again.line()).isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        assertThat(bed.stats().path("contacts").path("unsubscribed").asLong(-1)).isEqualTo(unsubscribed);
        // Every e-mail was found in the export: the only look-ups are those of CRM opt-outs, whose one-call create
        // (POST /contacts, unsubscribed) met the existing contact (409) and must check its consent before anything.
        long optedOut = optedOutInCrm();
        assertThat(after.contactPages - before.contactPages).as("look-ups: only the %d opt-outs' 409s", optedOut)
                .isLessThanOrEqualTo(optedOut);
        assertThat(after.total - before.total).as("requests for %d contacts, %d opted out", CONTACTS, optedOut)
                .isLessThanOrEqualTo(16 + 2 * optedOut);
        assertThat(bed.engine().state().linkCount()).isEqualTo(CONTACTS);
    }

    @Test
    void should_read_back_by_pages_when_the_export_cannot_be_had() {
        bed.control().addFaults("[{\"endpoint\": \"" + EXPORTS + "\", \"status\": 503}]").requireOk();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.CREATED)).isEqualTo(CONTACTS);
        assertThat(bed.requests(CONTACT_PAGES)).as("paged instead").isBetween(1L, (long) CONTACTS / 500 + 4);
        assertThat(bed.engine().state().linkCount()).isEqualTo(CONTACTS);
        assertThat(bed.engine().state().deadLetters(Flow.CRM_TO_CTCT.id(), 10)).isEmpty();
    }

    private long optedOutInCrm() {
        try (var c = bed.crmDataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM crm_contact WHERE email_opt_out = TRUE")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests the sandbox counted so far. */
    private record JsonCounts(long total, long contactPages) {
        static JsonCounts of(Testbed bed) {
            return new JsonCounts(bed.totalRequests(), bed.requests(CONTACT_PAGES));
        }
    }
}
