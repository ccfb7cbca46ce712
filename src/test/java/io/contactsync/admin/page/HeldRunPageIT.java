package io.contactsync.admin.page;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.state.HeldPlan;
import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run the blast-radius guard held, as an operator meets it: in the admin API ({@code GET /admin/held}, {@code POST
 * /admin/runs/{id}/reject|approve} with their 401/404/409) and on the status page in a real headless browser, where
 * the plan's effects are listed and "Approve" lets the next cycle write exactly that plan.
 */
class HeldRunPageIT {

    private static final String TOKEN = "test-admin-token-held-runs";
    private static final int CONTACTS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Testbed bed;
    WebDriver browser;
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        PageBrowser.require("HeldRunPageIT");
        port = freePort();
        // Small limits: blanking one field on 3 of 12 linked contacts is over them.
        bed = Testbed.start(dir).set("sync.guard.min-count", "0").set("sync.guard.blank.max-count", "2")
                .set("sync.guard.blank.max-percent", "100")
                .set("sync.admin.port", Integer.toString(port)).set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "").env("SYNC_ADMIN_TOKEN", TOKEN).asService();
        bed.seed(CONTACTS);
        bed.createTierField();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        browser = PageBrowser.start();
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    void should_show_a_held_plan_and_let_the_operator_approve_it_from_the_page() throws Exception {
        List<String> linked = linkedCrmIds(3);
        for (String id : linked) {
            bed.crm().edit(id, "company", null);
        }
        // A dry run over admin HTTP first: the plan, the guard's verdict, and no run recorded.
        int runsBefore = bed.engine().state().lastRuns(100).size();
        HttpResponse<String> dry = http.send(post("/admin/plan?direction=crm-to-ctct", TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode planned = JSON.readTree(dry.body());
        assertThat(planned.path("entries_total").asLong()).isEqualTo(3);
        assertThat(planned.path("flows").get(0).path("held").toString()).contains("would blank company_name on 3 contacts (limit 2)");
        assertThat(bed.engine().state().lastRuns(100)).hasSize(runsBefore);

        SyncSummary held = bed.sync(Flow.CRM_TO_CTCT);
        assertThat(held.status()).as(held.line()).isEqualTo(RunStatus.HELD);
        long run = held.runId();

        HttpResponse<String> noToken = http.send(post("/admin/runs/" + run + "/approve", null), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(url("/admin/held")))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode plan = JSON.readTree(list.body()).path("held").get(0);
        assertThat(plan.path("run_id").asLong()).isEqualTo(run);
        assertThat(plan.path("summary").asText()).isEqualTo("would blank company_name on 3 contacts (limit 2)");
        assertThat(plan.path("effects").get(0).path("crm_ids").toString()).contains(linked.get(0));
        assertThat(http.send(post("/admin/runs/99999/reject", TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("never held").isEqualTo(404);

        browser.get(url("/status"));
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login")).click();
        WebElement section = PageBrowser.awaitId(browser, "held");
        assertThat(section.getText()).contains("Run " + run).contains("would blank company_name on 3 contacts (limit 2)")
                .contains("company_name");
        assertThat(section.findElements(By.cssSelector("tr.held-effect"))).hasSize(1);
        browser.findElement(By.id("approve-" + run)).click();
        assertThat(PageBrowser.awaitFlash(browser, "approved")).contains("Run " + run).contains("approved");
        assertThat(browser.findElements(By.id("approve-" + run))).as("decided: no buttons any more").isEmpty();
        // A dry run from the page: its counts as the flash, and no run recorded.
        int runsBeforeDryRun = bed.engine().state().lastRuns(100).size();
        browser.findElement(By.id("dry-run")).click();
        assertThat(PageBrowser.awaitFlash(browser, "Dry run")).contains("nothing written")
                .contains("crm-to-ctct: 3 contacts to write").doesNotContain("would hold");
        assertThat(bed.engine().state().lastRuns(100)).hasSize(runsBeforeDryRun);
        assertThat(http.send(post("/admin/runs/" + run + "/reject", TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("decided already").isEqualTo(409);

        SyncSummary applied = bed.sync(Flow.CRM_TO_CTCT);

        assertThat(applied.status()).as(applied.line()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(bed.engine().state().heldPlan(run).orElseThrow().status()).isEqualTo(HeldPlan.Status.SPENT);
        for (String id : linked) {
            String email = bed.engine().state().linksByCrmIds(List.of(id)).get(id).email();
            assertThat(bed.engine().ctct().findByEmail(email).orElseThrow().vocabulary().getOrDefault("company_name", ""))
                    .isEmpty();
        }
    }

    /** CRM ids of linked contacts whose company is set (so blanking it is a blanking). */
    private List<String> linkedCrmIds(int n) throws Exception {
        List<String> found = new java.util.ArrayList<>();
        try (var c = bed.crmDataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT id FROM crm_contact WHERE company IS NOT NULL AND company <> '' ORDER BY id")) {
            while (rs.next() && found.size() < n) {
                String id = rs.getString(1);
                if (bed.engine().state().linksByCrmIds(List.of(id)).containsKey(id)) {
                    found.add(id);
                }
            }
        }
        assertThat(found).hasSize(n);
        return found;
    }

    private HttpRequest post(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
