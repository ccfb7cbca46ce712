package io.contactsync.testbed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.state.RunStatus;
import io.contactsync.sync.SyncSummary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small two-way account with edits on both sides that pass every step of both flows: field edits on either side,
 * a CRM opt-out, an unsubscribe in Constant Contact, a CRM e-mail change, deletes on either side, a list the mapping
 * no longer gives, a new opted-out CRM contact and a contact signed up in Constant Contact only.
 */
public final class TwoWayScenario {

    private final Testbed bed;
    private final Set<String> mustStayUnsubscribed = new HashSet<>();

    public TwoWayScenario(Testbed bed) {
        this.bed = bed;
    }

    /**
     * Both sides start with contacts, some overlapping: {@code crmContacts} in the CRM, three people signed up in
     * Constant Contact only and one CRM person signed up there too; then one clean cycle.
     */
    public TwoWayScenario start(int crmContacts) {
        bed.seed(crmContacts);
        bed.createTierField();
        for (int i = 1; i <= 3; i++) {
            bed.control().signUp("ctct.only." + i + "@example.com", List.of()).requireOk();
        }
        List<String> live = liveIds();
        bed.control().signUp(email(live.get(live.size() - 1)), List.of()).requireOk();
        bed.crm().edit(live.get(8), "tier", "gold");
        for (SyncSummary s : Convergence.cycle(bed)) {
            assertThat(s.status()).as(s.line()).isEqualTo(RunStatus.SUCCEEDED);
        }
        mustStayUnsubscribed.addAll(Convergence.unsubscribedNow(bed));
        return this;
    }

    /** Edits both sides as people would between two cycles. */
    public TwoWayScenario editBothSides() {
        List<String> live = liveIds();
        bed.crm().edit(live.get(0), "city", "Lisbon");
        bed.control().edit(contactId(live.get(1)), Map.of("last_name", "FromCtct")).requireOk();
        bed.crm().edit(live.get(2), "email_opt_out", true);
        mustStayUnsubscribed.add(email(live.get(2)));
        bed.control().unsubscribe(contactId(live.get(3))).requireOk();
        mustStayUnsubscribed.add(email(live.get(3)));
        bed.crm().edit(live.get(4), "email", "changed." + live.get(4) + "@example.com");
        bed.crm().delete(live.get(5));
        bed.control().delete(contactId(live.get(6))).requireOk();
        bed.crm().edit(live.get(7), "job_title", "Edited In Crm");
        bed.control().edit(contactId(live.get(7)), Map.of("first_name", "EditedInCtct")).requireOk();
        bed.crm().edit(live.get(8), "tier", "silver"); // leaves the VIP list
        insert("n000001", "new.opted.out@example.com", true);
        insert("n000002", "new.subscribed@example.com", false);
        bed.control().signUp("ctct.new@example.com", List.of()).requireOk();
        return this;
    }

    /** E-mails whose last consent event was an unsubscribe or opt-out (lower case). */
    public Set<String> mustStayUnsubscribed() {
        Set<String> out = new HashSet<>(mustStayUnsubscribed);
        out.add("new.opted.out@example.com");
        return out;
    }

    /** Live (not deleted, not opted-out) CRM ids in id order. */
    public List<String> liveIds() {
        List<String> ids = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT id FROM crm_contact WHERE email_opt_out = FALSE AND deleted = FALSE AND id LIKE 'c%' ORDER BY id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    public String email(String crmId) {
        return Convergence.crmRows(bed).stream().filter(r -> crmId.equals(r.get("id")))
                .map(r -> ((String) r.get("email")).toLowerCase()).findFirst().orElseThrow();
    }

    public String contactId(String crmId) {
        return bed.engine().state().linksByCrmIds(List.of(crmId)).get(crmId).contactId();
    }

    /** Adds a CRM contact as a CRM user would. */
    public void insert(String id, String email, boolean optOut) {
        insert(bed, id, email, "New", optOut);
    }

    public static void insert(Testbed bed, String id, String email, String firstName, boolean optOut) {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO crm_contact (id, email, first_name, last_name, email_opt_out, deleted, updated_at)"
                     + " VALUES (?, ?, ?, 'Person', ?, FALSE, ?)")) {
            ps.setString(1, id);
            ps.setString(2, email);
            ps.setString(3, firstName);
            ps.setBoolean(4, optOut);
            ps.setObject(5, Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
