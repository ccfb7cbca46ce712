package io.contactsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.contactsync.constantcontact.ContactPage;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.FullRead;
import io.contactsync.constantcontact.FullReadPlanner;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ctct-to-crm's full reads through one contact_exports file, over real HTTP to the sandbox: a first pull of 3,000
 * contacts in pages of 100 (30 pages) takes a handful of requests and leaves the CRM exactly as the paged read does;
 * the CSV path reads the same vocabulary as the JSON path; a small delta still pages; a failed export falls back to
 * pages and loses nothing; a mapped field no export column carries (an address) keeps the pass on pages.
 */
class PullExportIT {

    private static final int CONTACTS = 3_000;
    private static final String EXPORTS = "POST /v3/activities/contact_exports";
    private static final String CONTACT_PAGES = "GET /v3/contacts";
    /** The demo mapping without city and country, which no export column carries faithfully. */
    private static final String MAPPING = """
            fields:
              - {crm: email, ctct: email, transforms: [trim, lowercase]}
              - {crm: first_name, ctct: first_name}
              - {crm: last_name, ctct: last_name}
              - {crm: company, ctct: company_name}
              - {crm: job_title, ctct: job_title}
              - {crm: phone, ctct: phone, transforms: [phone]}
              - {crm: tier, ctct: "cf:tier", transforms: [trim, lowercase]}
              - {crm: email_opt_out, ctct: permission_to_send, transforms: [opt-out-flag]}
            lists:
              create-missing: true
              default: [Newsletter]
            """;

    @TempDir
    Path dir;
    Testbed bed;
    private int fresh;
    /** Exports the push's read-back made: the pull's are counted from there. */
    private long pushExports;

    @BeforeEach
    void start() throws IOException {
        bed = Testbed.start(dir, SandboxConfig.defaults().withRateLimited(false).withRotateRefreshTokens(false));
        bed.set("sync.mapping.file", Files.writeString(dir.resolve("mapping.yaml"), MAPPING).toAbsolutePath().toString());
        bed.set("sync.ctct.page-size", "100");
        bed.seed(CONTACTS);
        bed.createTierField();
        SyncSummary push = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(push.status()).as(push.line()).isEqualTo(RunStatus.SUCCEEDED);
        pushExports = bed.requests(EXPORTS);
    }

    private long pullExports() {
        return bed.requests(EXPORTS) - pushExports;
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    @Test
    void should_read_a_first_pull_from_one_export_and_leave_the_crm_as_the_paged_read_does() {
        editSomeInConstantContact();
        freshCrmAndState();
        long before = bed.totalRequests();
        long pagesBefore = bed.requests(CONTACT_PAGES);

        SyncSummary exported = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(exported.status()).as(exported.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(exported.count(Counter.CRM_CREATED)).as("all but the 3 deleted: %s", exported.line()).isEqualTo(CONTACTS - 3);
        assertThat(pullExports()).as("one export").isEqualTo(1);
        assertThat(bed.requests(CONTACT_PAGES) - pagesBefore).as("the counted first page and the deleted ones' page")
                .isEqualTo(2);
        assertThat(bed.totalRequests() - before).as("requests for %d contacts in pages of 100", CONTACTS)
                .isLessThanOrEqualTo(12);
        Map<String, String> viaExport = crmRows();

        freshCrmAndState();
        bed.set("sync.ctct.export-max-rows", "0");
        SyncSummary paged = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(paged.status()).as(paged.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pullExports()).as("no second export").isEqualTo(1);
        assertThat(viaExport).hasSize(CONTACTS - 3).isEqualTo(crmRows());
        assertThat(exported.count(Counter.CRM_OPTED_OUT)).isEqualTo(paged.count(Counter.CRM_OPTED_OUT)).isPositive();
    }

    @Test
    void should_read_the_same_vocabulary_from_the_export_file_as_from_the_contact_resources() {
        editSomeInConstantContact();
        Set<String> everyExportable = Set.of("email", "permission_to_send", "list_ids", "first_name", "last_name",
                "job_title", "company_name", "anniversary", "birthday_month", "birthday_day", "phone", "home_phone",
                "work_phone", "mobile_phone", "other_phone", "cf:tier");
        Map<String, CtctContact> viaJson = new HashMap<>();
        ContactPage page = bed.engine().ctct().contactsUpdatedAfter(null, 500);
        while (true) {
            page.contacts().stream().filter(c -> !c.deleted()).forEach(c -> viaJson.put(c.contactId(), c));
            if (page.nextHref() == null) {
                break;
            }
            page = bed.engine().ctct().nextContacts(page.nextHref());
        }
        Map<String, CtctContact> viaCsv = new HashMap<>();
        List<CtctContact> deleted = new ArrayList<>();
        try (FullRead read = bed.engine().ctct().fullRead(null, 100, everyExportable)) {
            assertThat(read.way()).isEqualTo(FullReadPlanner.Way.EXPORT);
            while (read.more()) {
                for (CtctContact c : read.next().contacts()) {
                    if (c.deleted()) {
                        deleted.add(c);
                    } else {
                        viaCsv.put(c.contactId(), c);
                    }
                }
            }
        }
        assertThat(viaCsv.keySet()).isEqualTo(viaJson.keySet());
        assertThat(deleted).extracting(CtctContact::contactId).containsExactlyInAnyOrderElementsOf(deletedIds);
        viaJson.forEach((id, json) -> {
            Map<String, String> expected = new TreeMap<>(json.vocabulary());
            expected.keySet().retainAll(everyExportable);
            assertThat(new TreeMap<>(viaCsv.get(id).vocabulary())).as("contact %s", id).isEqualTo(expected);
            assertThat(viaCsv.get(id).updatedAt()).as("contact %s", id).isEqualTo(json.updatedAt());
        });
        // The edits made it into the comparison: several phone kinds, an emptied custom field, unsubscribed ones.
        CtctContact edited = viaCsv.get(editedIds.get(0));
        assertThat(edited.vocabulary()).containsEntry("work_phone", "555-0101").containsEntry("mobile_phone", "555-0102")
                .containsEntry("birthday_month", "7").doesNotContainKey("cf:tier");
        assertThat(viaCsv.values().stream().filter(CtctContact::unsubscribed).count()).isGreaterThanOrEqualTo(2);
        assertThat(viaCsv.values().stream().filter(c -> c.vocabulary().containsKey("list_ids")).count()).isEqualTo(CONTACTS - 3L);
    }

    @Test
    void should_page_a_small_delta_and_apply_deletes_after_an_exported_pass() {
        bed.stopEngine();
        bed.set("sync.flow.overlap", "0s");
        editSomeInConstantContact();
        SyncSummary first = bed.sync(Flow.CTCT_TO_CRM);
        assertThat(first.status()).as(first.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pullExports()).as("the first pass reads all %d through the export", CONTACTS).isEqualTo(1);
        assertThat(first.count(Counter.CRM_DELETED)).as(first.line()).isEqualTo(deletedIds.size());
        assertThat(crmDeletedFlag(deletedIds)).containsOnly(true);
        assertThat(crmColumn(editedIds.get(0), "first_name")).isEqualTo("Edited");

        String later = editedIds.get(1);
        bed.control().edit(later, Map.of("first_name", "Later")).requireOk();
        long pagesBefore = bed.requests(CONTACT_PAGES);
        SyncSummary delta = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(delta.status()).as(delta.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pullExports()).as("a delta of one page pages").isEqualTo(1);
        assertThat(bed.requests(CONTACT_PAGES) - pagesBefore).as(delta.line()).isEqualTo(1);
        assertThat(crmColumn(later, "first_name")).isEqualTo("Later");
    }

    @Test
    void should_not_checkpoint_past_the_exports_start_so_an_edit_made_while_the_file_is_read_is_not_skipped() {
        List<CtctContact> some = bed.engine().ctct().contactsUpdatedAfter(null, 2).contacts();
        String editedMeanwhile = some.get(0).contactId();
        String deletedMeanwhile = some.get(1).contactId();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        bed.hook(point -> {
            if (point.equals("ctct-to-crm:read") && done.compareAndSet(false, true)) {
                // The file is on disk: an edit, then a delete, that it does not hold; the delete is read after it.
                bed.control().edit(editedMeanwhile, Map.of("first_name", "Meanwhile")).requireOk();
                bed.control().delete(deletedMeanwhile).requireOk();
            }
        });
        bed.set("sync.flow.overlap", "0s");
        bed.set("sync.flow.push-batch", "100"); // a read step per page of the file, so the hook runs mid-file

        SyncSummary first = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(first.status()).as(first.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pullExports()).isEqualTo(1);
        assertThat(first.count(Counter.CRM_DELETED)).as("the delete was read after the file: %s", first.line()).isEqualTo(1);
        assertThat(crmColumn(editedMeanwhile, "first_name")).as("not in the file").isNotEqualTo("Meanwhile");

        String checkpoint = String.valueOf(bed.engine().state().checkpoint(Flow.CTCT_TO_CRM.id()).orElseThrow().position());
        String editedAt = String.valueOf(bed.engine().ctct().getContact(editedMeanwhile).updatedAt());
        SyncSummary next = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(next.status()).as(next.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(crmColumn(editedMeanwhile, "first_name")).as("read by the next pass (checkpoint %s, edited at %s, activities %s): %s", checkpoint, editedAt,
                bed.stats().path("requests"), next.line()).isEqualTo("Meanwhile");
    }

    @Test
    void should_fall_back_to_pages_when_the_export_fails_and_lose_nothing() {
        editSomeInConstantContact();
        freshCrmAndState();
        bed.set("sync.ctct.max-retries", "1");
        bed.control().addFaults("[{\"endpoint\": \"" + EXPORTS + "\", \"status\": 503}]").requireOk();

        SyncSummary s = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.CRM_CREATED)).as("all but the 3 deleted: %s", s.line()).isEqualTo(CONTACTS - 3);
        assertThat(bed.requests(CONTACT_PAGES)).as("paged instead").isGreaterThanOrEqualTo(CONTACTS / 100);
        assertThat(bed.engine().state().deadLetters(Flow.CTCT_TO_CRM.id(), 10)).isEmpty();
        assertThat(bed.engine().state().checkpoint(Flow.CTCT_TO_CRM.id())).isPresent();
        assertThat(crmColumn(editedIds.get(0), "first_name")).isEqualTo("Edited");
    }

    @Test
    void should_page_when_a_mapped_field_has_no_export_column() {
        bed.stopEngine();
        bed.set("sync.mapping.file", "mappings/contacts.yaml"); // the demo mapping carries city and country
        editSomeInConstantContact();

        SyncSummary s = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pullExports()).as("no export: an address has no faithful column").isZero();
        assertThat(bed.requests(CONTACT_PAGES)).isGreaterThanOrEqualTo(CONTACTS / 100);
        assertThat(crmColumn(editedIds.get(0), "first_name")).isEqualTo("Edited");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private final List<String> editedIds = new ArrayList<>();
    private final List<String> deletedIds = new ArrayList<>();

    /** Edits in Constant Contact as its UI would: phones of several kinds, an emptied field, unsubscribes, deletes. */
    private void editSomeInConstantContact() {
        List<CtctContact> some = bed.engine().ctct().contactsUpdatedAfter(null, 10).contacts();
        Map<String, String> edit = new LinkedHashMap<>();
        edit.put("first_name", "Edited");
        edit.put("work_phone", "555-0101");
        edit.put("mobile_phone", "555-0102");
        edit.put("birthday_month", "7");
        edit.put("birthday_day", "14");
        edit.put("cf:tier", "");
        bed.control().edit(some.get(0).contactId(), edit).requireOk();
        editedIds.add(some.get(0).contactId());
        bed.control().edit(some.get(1).contactId(), Map.of("company_name", "Comma, Inc. \"quoted\"", "job_title", "Line\nbreak")).requireOk();
        editedIds.add(some.get(1).contactId());
        bed.control().unsubscribe(some.get(2).contactId()).requireOk();
        bed.control().unsubscribe(some.get(3).contactId()).requireOk();
        for (int i = 4; i < 7; i++) {
            bed.control().delete(some.get(i).contactId()).requireOk();
            deletedIds.add(some.get(i).contactId());
        }
    }

    /** A new installation against the same account: an empty CRM table and an empty state store. */
    private void freshCrmAndState() {
        bed.stopEngine();
        Path d = dir.resolve("fresh-" + (++fresh));
        String crmUrl = "jdbc:h2:file:" + d.resolve("crm").toAbsolutePath();
        new DemoCrm(DemoCrm.h2(crmUrl), Clock.systemUTC()).createTableIfMissing();
        bed.set("sync.crm.jdbc.url", crmUrl);
        bed.set("sync.state.jdbc.url", "jdbc:h2:file:" + d.resolve("state").toAbsolutePath());
        crmUrlNow = crmUrl;
    }

    private String crmUrlNow;

    private Connection crm() throws SQLException {
        return crmUrlNow == null ? bed.crmDataSource().getConnection() : DemoCrm.h2(crmUrlNow).getConnection();
    }

    /** Every CRM row by e-mail: its synced columns, not its id or time. */
    private Map<String, String> crmRows() {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = crm(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email, first_name, last_name, company, job_title, phone, tier,"
                     + " email_opt_out, deleted FROM crm_contact")) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 2; i <= 9; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                rows.put(rs.getString(1), b.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private String crmColumn(String contactId, String column) {
        String crmId = bed.engine().state().linksByContactIds(List.of(contactId)).get(contactId).crmId();
        try (Connection c = crm(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM crm_contact WHERE id = '" + crmId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Boolean> crmDeletedFlag(List<String> contactIds) {
        List<Boolean> flags = new ArrayList<>();
        for (String id : contactIds) {
            flags.add(Boolean.parseBoolean(crmColumn(id, "deleted")));
        }
        return flags;
    }

}
