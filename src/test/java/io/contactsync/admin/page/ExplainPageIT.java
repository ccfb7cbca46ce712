package io.contactsync.admin.page;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.contactsync.state.RunStatus;
import io.contactsync.sync.Flow;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page's "Explain a contact" in a real headless browser (chromium + chromedriver, as {@link StatusPageIT}):
 * nothing without a login, the search box on the page, a contact's runs and sentences, and a key nothing knows shown
 * as text (escaped), not markup. Skipped without chromium unless {@code CI=true}.
 */
class ExplainPageIT {

    private static final String TOKEN = "test-admin-token-explain-page";

    @TempDir
    Path dir;
    Testbed bed;
    WebDriver browser;
    int port;

    @BeforeEach
    void start() throws IOException {
        PageBrowser.require("ExplainPageIT");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        bed = Testbed.start(dir);
        bed.seed(2);
        bed.createTierField();
        bed.set("sync.admin.port", Integer.toString(port)).set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "").env("SYNC_ADMIN_TOKEN", TOKEN).asService();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.SUCCEEDED);

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

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebElement awaitId(String id) {
        return PageBrowser.awaitId(browser, id);
    }

    private String firstCrmId() {
        try (Connection c = bed.crmDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM crm_contact ORDER BY id")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_explain_a_contact_from_the_search_box_after_login_and_show_an_unknown_key_as_text() {
        String id = firstCrmId();
        bed.crm().edit(id, "city", "Tromsø");
        bed.sync(Flow.CRM_TO_CTCT);

        browser.get(url("/status/explain?key=" + id));
        assertThat(browser.findElements(By.id("token"))).as("the login form, not the story").hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain("Tromsø");

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login")).click();
        awaitId("runs-table");
        browser.findElement(By.id("explain-key")).sendKeys(id);
        browser.findElement(By.id("explain-submit")).click();
        awaitId("runs");

        List<String> runs = browser.findElements(By.cssSelector("li.run")).stream().map(WebElement::getText).toList();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).contains("crm-to-ctct").contains("created in Constant Contact from CRM record " + id);
        assertThat(runs.get(1)).contains("crm-to-ctct").contains("city");
        assertThat(browser.findElements(By.cssSelector("li.run")).get(1).findElements(By.cssSelector("li.sentence")))
                .extracting(WebElement::getText).anyMatch(s -> s.endsWith("→ 'Tromsø' from the CRM"));
        assertThat(browser.findElement(By.id("keys")).getText()).contains(id);

        browser.findElement(By.id("explain-key")).clear();
        browser.findElement(By.id("explain-key")).sendKeys("<i>nobody</i>");
        browser.findElement(By.id("explain-submit")).click();
        WebElement message = new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(By.id("message")).stream().findFirst().orElse(null));
        assertThat(message.getText()).contains("no contact known by CRM id '<i>nobody</i>'");
        assertThat(browser.findElements(By.cssSelector("#story i"))).as("escaped, not markup").isEmpty();
    }
}
