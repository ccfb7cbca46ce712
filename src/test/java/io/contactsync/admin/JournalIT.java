package io.contactsync.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.app.ContactSyncMain;
import io.contactsync.state.JournalEntry;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal end to end (docs/journal.md): one contact through a conflict, an e-mail change and an opt-out, told back
 * by {@code explain} (CLI and admin HTTP) by each of its keys; parked records journal nothing; the retention purge.
 * Real HTTP to the sandbox, real H2 files for the CRM and the state store.
 */
class JournalIT {

    private static final String TOKEN = "journal-admin-token-1234";

    @TempDir
    Path dir;
    Testbed bed;
    AdminClient admin;

    @BeforeEach
    void start() {
        bed = Testbed.start(dir);
        bed.seed(4);
        bed.createTierField();
        int port = AdminClient.freePort();
        bed.set("sync.admin.port", Integer.toString(port)).set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "").env("SYNC_ADMIN_TOKEN", TOKEN).asService();
        admin = new AdminClient(port);
        assertThat(both()).allMatch(s -> s.status() == RunStatus.SUCCEEDED);
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
            out.add(bed.sync(f));
        }
        return out;
    }

    private String crmValue(String id, String column) {
        try (Connection c = bed.crmDataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT " + column + " FROM crm_contact WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> crmIds() {
        List<String> ids = new ArrayList<>();
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM crm_contact WHERE email_opt_out = FALSE AND deleted = FALSE ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private record Cli(int code, String out, String err) {
    }

    private Cli cli(String... args) throws Exception {
        Path config = Files.writeString(dir.resolve("explain.properties"),
                "sync.state.jdbc.url=jdbc:h2:file:" + dir.resolve("state").toAbsolutePath().toString().replace("\\", "\\\\") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        int code = new CommandLine(new ContactSyncMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    private static String q(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** The index of the first line containing {@code text}, failing when none does. */
    private static int lineWith(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains <" + text + "> in\n" + String.join("\n", lines));
    }

    @Test
    void should_tell_a_contacts_story_through_a_conflict_an_email_change_and_an_opt_out_by_each_of_its_keys() throws Exception {
        String id = crmIds().get(0);
        String oldEmail = crmValue(id, "email").toLowerCase();
        String contactId = bed.engine().ctct().findByEmail(oldEmail).orElseThrow().contactId();
        String firstName = crmValue(id, "first_name");

        // A conflict: both sides edit first_name between cycles; Constant Contact's edit is newer and wins.
        bed.crm().edit(id, "first_name", "CrmOlder");
        bed.control().setClockOffset(5);
        bed.control().edit(contactId, Map.of("first_name", "CtctNewer"));
        both();
        assertThat(crmValue(id, "first_name")).isEqualTo("CtctNewer");
        // An e-mail change in the CRM.
        String newEmail = "renamed-" + id + "@example.org";
        bed.crm().edit(id, "email", newEmail);
        both();
        assertThat(bed.engine().ctct().findByEmail(newEmail)).map(c -> c.contactId()).contains(contactId);
        // The person unsubscribes in Constant Contact.
        bed.control().unsubscribe(contactId);
        both();
        assertThat(Boolean.parseBoolean(crmValue(id, "email_opt_out"))).as("opted out in the CRM").isTrue();

        JsonNode reply = admin.get("/admin/explain?key=" + q(id), TOKEN).body();
        List<String> sentences = new ArrayList<>();
        reply.path("sentences").forEach(s -> sentences.add(s.asText()));

        int created = lineWith(sentences, "created in Constant Contact from CRM record " + id + " (");
        assertThat(sentences.get(created)).contains("first_name '" + firstName + "'");
        int won = lineWith(sentences, "first_name 'CrmOlder' → 'CtctNewer' from Constant Contact; newest wins over"
                + " the CRM's edit at ");
        int email = lineWith(sentences, "e-mail changed '" + oldEmail + "' → '" + newEmail + "' from the CRM");
        int optOut = lineWith(sentences, "unsubscribed in Constant Contact by the person; carried to the CRM (opt-out flag set)");
        assertThat(List.of(created, won, email, optOut)).as("in the order they happened").isSorted();
        assertThat(sentences.get(won)).startsWith("run ").contains("(ctct-to-crm, ");
        assertThat(sentences.get(email)).contains("(crm-to-ctct, ");
        assertThat(reply.path("crm_ids").toString()).contains(id);
        assertThat(reply.path("contact_ids").toString()).contains(contactId);
        assertThat(reply.path("emails").toString()).contains(oldEmail).contains(newEmail);
        JsonNode conflictEntry = null;
        for (JsonNode e : reply.path("entries")) {
            if ("first_name".equals(e.path("field").asText()) && e.path("why").asText().startsWith("conflict:")) {
                conflictEntry = e;
            }
        }
        assertThat(conflictEntry).as("the conflict's entry").isNotNull();
        assertThat(conflictEntry.path("why").asText()).isEqualTo("conflict:newest-wins");
        assertThat(conflictEntry.path("before").asText()).as("the CRM's losing edit").isEqualTo("CrmOlder");
        assertThat(conflictEntry.path("after").asText()).isEqualTo("CtctNewer");

        // The same story by the old e-mail and by the contact id, over HTTP and on the command line.
        assertThat(admin.get("/admin/explain?key=" + q(oldEmail), TOKEN).body().path("sentences")).isEqualTo(reply.path("sentences"));
        assertThat(admin.get("/admin/explain?key=" + q(contactId), TOKEN).body().path("sentences")).isEqualTo(reply.path("sentences"));
        assertThat(admin.get("/admin/explain?key=nobody-at-all", TOKEN).status()).isEqualTo(404);
        assertThat(admin.get("/admin/explain?key=" + q(id), null).status()).isEqualTo(401);
        assertThat(admin.get("/admin/explain", TOKEN).status()).isEqualTo(400);
        bed.stopEngine();

        for (String key : List.of(id, oldEmail.toUpperCase(), contactId)) {
            Cli cli = cli("explain", key);
            assertThat(cli.code()).as(cli.err()).isZero();
            List<String> lines = cli.out().lines().map(String::trim).toList();
            assertThat(lines.subList(1, lines.size())).as("explain " + key).containsExactlyElementsOf(
                    sentences.stream().toList());
        }
        Cli json = cli("explain", id, "--json", "--limit", "2");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"entries\"").contains("unsubscribed");
        Cli unknown = cli("explain", "nobody@example.org");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no contact known by e-mail 'nobody@example.org'");
    }

    @Test
    void should_journal_nothing_for_a_record_that_was_parked() {
        List<String> ids = crmIds();
        String refused = ids.get(1);
        String failed = ids.get(2);
        bed.crm().edit(refused, "email", "not-an-email");
        bed.crm().edit(failed, "first_name", "NeverApplied");
        // Constant Contact fails every import activity: the edited record is parked for a later retry.
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 100}").requireOk();

        SyncSummary push = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(push.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(bed.engine().state().deadLetters(Flow.CRM_TO_CTCT.id(), 10)).extracting(d -> d.recordKey())
                .contains(refused, failed);
        List<JournalEntry> journal = bed.engine().state().journal(List.of(refused, failed), List.of(), List.of(), 100);
        assertThat(journal).as("only the first sync's create entries").allMatch(e -> "create".equals(e.why()));
        assertThat(journal).noneMatch(e -> "NeverApplied".equals(e.after()) || "not-an-email".equals(e.email()));

        bed.control().clearFaults().requireOk();
        bed.engine().state().retryDeadLetters(Flow.CRM_TO_CTCT.id(), java.time.Instant.now());
        bed.sync(Flow.CRM_TO_CTCT);
        assertThat(bed.engine().state().journal(List.of(failed), List.of(), List.of(), 100))
                .as("journaled once it was applied").anyMatch(e -> "NeverApplied".equals(e.after()) && "crm-edit".equals(e.why()));
    }

    @Test
    void should_purge_entries_older_than_the_retention_when_a_cycle_finishes() throws Exception {
        String id = crmIds().get(0);
        bed.stopEngine();
        String stateUrl = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        long before;
        try (Connection c = DriverManager.getConnection(stateUrl); Statement st = c.createStatement()) {
            before = count(st, "SELECT COUNT(*) FROM journal");
            st.executeUpdate("UPDATE journal SET at = DATEADD(DAY, -40, at)");
        }
        assertThat(before).as("the first sync's entries").isPositive();
        bed.set("sync.journal.retention-days", "30");
        bed.crm().edit(id, "city", "Tromsø");

        bed.sync(Flow.CRM_TO_CTCT);

        List<JournalEntry> left = bed.engine().state().journal(crmIds(), List.of(), List.of(), 1000);
        assertThat(left).as("the 40-day-old entries are gone, this cycle's edit stays")
                .singleElement().satisfies(e -> assertThat(e.after()).isEqualTo("Tromsø"));
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
