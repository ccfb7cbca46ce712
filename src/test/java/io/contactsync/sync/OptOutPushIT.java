package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.DeadLetter;
import io.contactsync.state.FailureKind;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New CRM records the CRM has opted out, pushed over real HTTP to the sandbox (CRM and state on H2 files): each is
 * created unsubscribed by one {@code POST /contacts}, counted by the sandbox's own request counters; an e-mail the
 * account already holds (409) is never re-subscribed; a create that fails is retried, never lost.
 */
class OptOutPushIT {

    private static final int CONTACTS = 40;
    private static final String CREATE = "POST /v3/contacts";
    private static final String GET_ONE = "GET /v3/contacts/{contact_id}";
    private static final String PUT_ONE = "PUT /v3/contacts/{contact_id}";

    @TempDir
    Path dir;
    Testbed bed;
    private final List<Map<String, Object>> optedOut = new ArrayList<>();
    private final List<Map<String, Object>> subscribed = new ArrayList<>();

    @BeforeEach
    void start() {
        bed = Testbed.start(dir).set("sync.redrive.backoff-initial", "0s").set("sync.redrive.backoff-max", "0s")
                .set("sync.ctct.backoff-initial", "20ms").set("sync.ctct.backoff-max", "100ms");
        bed.seed(CONTACTS);
        bed.createTierField();
        List<Map<String, Object>> rows = crm();
        for (int i = 0; i < rows.size(); i++) {
            boolean out = i % 4 == 0;
            bed.crm().edit((String) rows.get(i).get("id"), "email_opt_out", out);
        }
        for (Map<String, Object> row : crm()) {
            (Boolean.TRUE.equals(row.get("opt_out")) ? optedOut : subscribed).add(row);
        }
        assertThat(optedOut).hasSize(CONTACTS / 4);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private List<Map<String, Object>> crm() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id, email, first_name, tier, email_opt_out FROM crm_contact ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> m = new HashMap<>();
                m.put("id", rs.getString(1));
                m.put("email", rs.getString(2).trim().toLowerCase());
                m.put("first_name", rs.getString(3));
                m.put("tier", rs.getString(4));
                m.put("opt_out", rs.getBoolean(5));
                rows.add(m);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private CtctContact ctct(Map<String, Object> row) {
        return bed.engine().ctct().findByEmail((String) row.get("email"))
                .orElseThrow(() -> new AssertionError("not in Constant Contact: CRM record " + row.get("id")));
    }

    private Map<String, Long> requests() {
        Map<String, Long> out = new HashMap<>();
        JsonNode r = bed.stats().path("requests");
        r.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String endpoint) {
        return after.getOrDefault(endpoint, 0L) - before.getOrDefault(endpoint, 0L);
    }

    private long importedRows() {
        return bed.stats().path("imports").path("rows").asLong();
    }

    private List<DeadLetter> parked() {
        return bed.engine().state().deadLetters(Flow.CRM_TO_CTCT.id(), 1000);
    }

    @Test
    void should_create_each_new_opted_out_contact_unsubscribed_in_one_call_and_import_only_the_others() {
        bed.engine();
        Map<String, Long> before = requests();
        long rowsBefore = importedRows();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        Map<String, Long> after = requests();
        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.CREATED)).isEqualTo(CONTACTS);
        assertThat(s.count(Counter.UNSUBSCRIBED)).isEqualTo(optedOut.size());
        assertThat(s.count(Counter.IMPORTED)).isEqualTo(subscribed.size());
        assertThat(delta(before, after, CREATE)).as("one POST per opt-out").isEqualTo(optedOut.size());
        assertThat(delta(before, after, GET_ONE)).as("no GET before a PUT").isZero();
        assertThat(delta(before, after, PUT_ONE)).as("no PUT").isZero();
        assertThat(importedRows() - rowsBefore).as("opt-outs are not imported").isEqualTo(subscribed.size());

        Map<String, String> lists = bed.engine().ctct().listIdsByName();
        for (Map<String, Object> row : optedOut) {
            CtctContact c = ctct(row);
            assertThat(c.unsubscribed()).as("CRM record %s", row.get("id")).isTrue();
            assertThat(c.vocabulary()).containsEntry("first_name", (String) row.get("first_name"));
            if (row.get("tier") != null && !((String) row.get("tier")).isBlank()) {
                assertThat(c.vocabulary()).containsEntry("cf:tier", ((String) row.get("tier")).trim().toLowerCase());
            }
            assertThat(c.vocabulary().get("list_ids")).contains(lists.get("Newsletter"));
        }
        for (Map<String, Object> row : subscribed) {
            assertThat(ctct(row).unsubscribed()).as("CRM record %s", row.get("id")).isFalse();
        }
        assertThat(bed.engine().state().linksByCrmIds(optedOut.stream().map(r -> (String) r.get("id")).toList()))
                .as("linked from the POST's answer, without a read-back").hasSize(optedOut.size());

        Map<String, Long> beforeEcho = requests();
        SyncSummary echo = bed.sync(Flow.CTCT_TO_CRM);
        SyncSummary again = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(echo.count(Counter.CRM_UPDATED) + echo.count(Counter.CRM_CREATED)).as(echo.line()).isZero();
        assertThat(again.count(Counter.UNCHANGED)).as(again.line()).isEqualTo(CONTACTS);
        assertThat(delta(beforeEcho, requests(), CREATE)).as("the created contacts read back as their snapshots").isZero();
    }

    @Test
    void should_unsubscribe_an_existing_subscribed_e_mail_first_and_leave_an_unsubscribed_one_alone_when_the_create_meets_409() {
        Map<String, Object> wasSubscribed = optedOut.get(0);
        Map<String, Object> wasUnsubscribed = optedOut.get(1);
        Map<String, Object> wasDeleted = optedOut.get(2);
        for (Map<String, Object> row : List.of(wasSubscribed, wasUnsubscribed, wasDeleted)) {
            bed.control().signUp((String) row.get("email"), List.of()).requireOk();
        }
        bed.control().unsubscribe(ctct(wasUnsubscribed).contactId(), "the person's own").requireOk();
        bed.control().delete(ctct(wasDeleted).contactId()).requireOk();
        Map<String, Long> before = requests();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        Map<String, Long> after = requests();
        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(delta(before, after, CREATE)).isEqualTo(optedOut.size());
        assertThat(delta(before, after, PUT_ONE)).as("a PUT only for the two that were not unsubscribed").isEqualTo(2);
        assertThat(delta(before, after, GET_ONE)).as("the look-up by e-mail holds the whole contact").isZero();
        assertThat(s.count(Counter.UNSUBSCRIBED)).as("the one already unsubscribed is not the engine's doing")
                .isEqualTo(optedOut.size() - 1);
        for (Map<String, Object> row : List.of(wasSubscribed, wasUnsubscribed, wasDeleted)) {
            CtctContact c = ctct(row);
            assertThat(c.unsubscribed()).as("CRM record %s", row.get("id")).isTrue();
            assertThat(c.deleted()).isFalse();
            assertThat(c.vocabulary()).as("the fields landed through the import")
                    .containsEntry("first_name", (String) row.get("first_name"));
        }
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("no second contact for an e-mail")
                .isEqualTo(CONTACTS);
        SyncSummary again = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(again.count(Counter.UNCHANGED)).as(again.line()).isEqualTo(CONTACTS);
    }

    @Test
    void should_retry_an_opt_out_whose_create_failed_with_5xx_and_create_it_unsubscribed_once_it_gets_through() {
        bed.set("sync.ctct.max-retries", "1");
        bed.control().addFaults("{\"endpoint\": \"POST /v3/contacts\", \"status\": 503}").requireOk();

        SyncSummary first = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(first.status()).as(first.line()).isEqualTo(RunStatus.PARTIAL);
        assertThat(first.count(Counter.TO_RETRY)).isEqualTo(optedOut.size());
        assertThat(first.count(Counter.UNSUBSCRIBED)).isZero();
        assertThat(parked()).hasSize(optedOut.size()).allSatisfy(d -> {
            assertThat(d.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(d.reason()).contains("503");
        });
        assertThat(parked()).extracting(DeadLetter::recordKey)
                .containsExactlyInAnyOrderElementsOf(optedOut.stream().map(r -> (String) r.get("id")).toList());
        for (Map<String, Object> row : optedOut) {
            assertThat(bed.engine().ctct().findByEmail((String) row.get("email"))).as("not created, not subscribed").isEmpty();
        }
        bed.control().clearFaults().requireOk();

        SyncSummary second = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(second.status()).as(second.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.count(Counter.REDRIVEN)).isEqualTo(optedOut.size());
        assertThat(second.count(Counter.UNSUBSCRIBED)).isEqualTo(optedOut.size());
        assertThat(parked()).isEmpty();
        for (Map<String, Object> row : optedOut) {
            assertThat(ctct(row).unsubscribed()).as("CRM record %s", row.get("id")).isTrue();
        }
    }

    @Test
    void should_import_and_then_unsubscribe_with_one_put_each_when_constant_contact_refuses_the_create() {
        bed.control().addFaults("{\"endpoint\": \"POST /v3/contacts\", \"status\": 400}").requireOk();
        Map<String, Long> before = requests();
        long rowsBefore = importedRows();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        Map<String, Long> after = requests();
        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.count(Counter.UNSUBSCRIBED)).isEqualTo(optedOut.size());
        assertThat(importedRows() - rowsBefore).as("every record imported").isEqualTo(CONTACTS);
        assertThat(delta(before, after, PUT_ONE)).as("one PUT per opt-out").isEqualTo(optedOut.size());
        assertThat(delta(before, after, GET_ONE)).as("the read-back holds the whole contact: no GET").isZero();
        for (Map<String, Object> row : optedOut) {
            CtctContact c = ctct(row);
            assertThat(c.unsubscribed()).as("CRM record %s", row.get("id")).isTrue();
            assertThat(c.vocabulary()).containsEntry("first_name", (String) row.get("first_name"));
        }
        bed.control().clearFaults().requireOk();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).count(Counter.UNCHANGED)).isEqualTo(CONTACTS);
    }

    @Test
    void should_keep_one_unsubscribed_contact_when_the_create_landed_but_its_answer_was_lost() {
        // Constant Contact created it, the engine never heard: the client's retry meets 409 and finds it unsubscribed.
        bed.control().addFaults("{\"endpoint\": \"POST /v3/contacts\", \"drop_response\": true, \"count\": 1}").requireOk();
        Map<String, Long> before = requests();

        SyncSummary s = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(delta(before, requests(), PUT_ONE)).as("found unsubscribed: nothing to PUT").isZero();
        assertThat(bed.stats().path("contacts").path("total").asLong()).isEqualTo(CONTACTS);
        for (Map<String, Object> row : optedOut) {
            assertThat(ctct(row).unsubscribed()).as("CRM record %s", row.get("id")).isTrue();
        }
        assertThat(bed.sync(Flow.CRM_TO_CTCT).count(Counter.UNCHANGED)).isEqualTo(CONTACTS);
    }
}
