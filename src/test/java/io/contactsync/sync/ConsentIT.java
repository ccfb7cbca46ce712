package io.contactsync.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.constantcontact.CtctContact;
import io.contactsync.state.RunStatus;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent both ways, as people mean it, over real HTTP and H2: the engine never opts anyone in, but a person's own
 * re-subscription in Constant Contact (a sign-up form) reaches the CRM and is not undone, and a contact deleted and
 * re-created in Constant Contact brings its CRM record back.
 */
class ConsentIT {

    private static final int CONTACTS = 20;

    @TempDir
    Path dir;
    Testbed bed;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(CONTACTS);
        bed.createTierField();
        both();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(bed.stats().path("spec_violations").asLong()).as("spec violations").isZero();
        } finally {
            bed.close();
        }
    }

    private List<SyncSummary> both() {
        List<SyncSummary> out = new ArrayList<>();
        for (Flow f : Flow.bothInSafeOrder()) {
            SyncSummary s = bed.sync(f);
            assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
            out.add(s);
        }
        return out;
    }

    private static long total(List<SyncSummary> runs, Counter c) {
        return runs.stream().mapToLong(s -> s.count(c)).sum();
    }

    private Map<String, Object> crmRow(String id) {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT email, first_name, email_opt_out, deleted FROM crm_contact WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("email", rs.getString(1));
                m.put("first_name", rs.getString(2));
                m.put("opt_out", rs.getBoolean(3));
                m.put("deleted", rs.getBoolean(4));
                return m;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String subscribedId() {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM crm_contact WHERE email_opt_out = FALSE AND deleted = FALSE ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private CtctContact ctct(String crmId) {
        return bed.engine().ctct().findByEmail((String) crmRow(crmId).get("email")).orElseThrow();
    }

    @Test
    void should_clear_the_crm_opt_out_and_never_unsubscribe_again_when_the_person_re_subscribes_in_constant_contact() {
        String id = subscribedId();
        String email = (String) crmRow(id).get("email");
        bed.control().unsubscribe(ctct(id).contactId()).requireOk();
        both();
        assertThat(crmRow(id).get("opt_out")).isEqualTo(true);

        bed.control().signUp(email, List.of()).requireOk();
        List<SyncSummary> after = both();

        assertThat(total(after, Counter.CRM_OPT_OUT_CLEARED)).isEqualTo(1);
        assertThat(total(after, Counter.UNSUBSCRIBED)).as("the engine does not undo the person's choice").isZero();
        assertThat(crmRow(id).get("opt_out")).isEqualTo(false);
        assertThat(ctct(id).unsubscribed()).isFalse();

        bed.crm().edit(id, "first_name", "StillSubscribed");
        both();
        both();
        assertThat(ctct(id).unsubscribed()).as("later cycles leave the consent alone").isFalse();
        assertThat(ctct(id).vocabulary()).containsEntry("first_name", "StillSubscribed");
    }

    @Test
    void should_keep_a_crm_opt_out_made_after_the_sign_up() {
        String id = subscribedId();
        String email = (String) crmRow(id).get("email");
        bed.control().setClockOffset(-3600).requireOk(); // the person signed up (explicit) an hour ago…
        bed.control().signUp(email, List.of()).requireOk();
        bed.control().setClockOffset(0).requireOk();
        bed.crm().edit(id, "email_opt_out", true);      // …and opted out in the CRM just now

        both();

        assertThat(crmRow(id).get("opt_out")).as("the newer choice, the CRM's opt-out, stands").isEqualTo(true);
        assertThat(ctct(id).unsubscribed()).isTrue();
    }

    @Test
    void should_bring_the_crm_record_back_when_a_deleted_contact_is_re_created_in_constant_contact() {
        String id = subscribedId();
        String email = (String) crmRow(id).get("email");
        bed.control().delete(ctct(id).contactId()).requireOk();
        both();
        assertThat(crmRow(id).get("deleted")).isEqualTo(true);

        bed.control().signUp(email, List.of()).requireOk();
        List<SyncSummary> after = both();

        assertThat(total(after, Counter.CRM_REVIVED)).isEqualTo(1);
        assertThat(crmRow(id).get("deleted")).isEqualTo(false);
        assertThat(ctct(id).unsubscribed()).isFalse();
        List<SyncSummary> quiet = both();
        assertThat(total(quiet, Counter.CRM_UPDATED) + total(quiet, Counter.IMPORTED) + total(quiet, Counter.DELETED))
                .as("settled").isZero();
    }

    @Test
    void should_stop_ctct_to_crm_before_writing_when_a_mapped_custom_field_is_gone_from_the_account() {
        String id = subscribedId();
        Object tierBefore = crmRow(id);
        bed.control().reset().requireOk(); // the account loses its custom fields (and contacts)
        bed.control().signUp("newcomer@example.com", List.of()).requireOk(); // something to pull

        SyncSummary s = bed.sync(Flow.CTCT_TO_CRM);

        assertThat(s.status()).isEqualTo(RunStatus.FAILED);
        assertThat(s.error()).contains("custom fields Constant Contact does not have").contains("tier");
        assertThat(crmRow(id)).isEqualTo(tierBefore);
    }
}
