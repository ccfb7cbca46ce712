package io.contactsync.admin.page;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsync.state.DeadLetterEntry;
import io.contactsync.state.RunRecord;
import io.contactsync.state.RunStatus;
import io.contactsync.state.StateStore;
import io.contactsync.sync.Flow;
import io.contactsync.testbed.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless browser (Debian's chromium and chromedriver, driven by Selenium) against the
 * engine service on the sandbox: the login form, a wrong token refused, the page after the right one, a parked record
 * discarded and another retried from the page, "Sync now" and its run appearing in the runs table, and what the page
 * refuses (a POST without its CSRF token). Screenshots at phone and desktop width go to {@code target/screenshots}.
 * Without chromium the test is skipped, unless {@code CI=true}: then it fails, CI must have it.
 */
class StatusPageIT {

    private static final String TOKEN = "test-admin-token-status-page";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int CONTACTS = 3;

    @TempDir
    Path dir;
    Testbed bed;
    WebDriver browser;
    int port;

    @BeforeEach
    void start() {
        PageBrowser.require("StatusPageIT");
        bed = Testbed.start(dir).set("sync.redrive.max-attempts", "1").set("sync.flow.overlap", "0s");
        bed.seed(CONTACTS);
        bed.createTierField();
        bed.control().addFaults("{\"activity_outcome\": \"failed\", \"count\": 100}").requireOk();
        assertThat(bed.sync(Flow.CRM_TO_CTCT).status()).isEqualTo(RunStatus.PARTIAL);
        bed.control().clearFaults().requireOk();
        port = freePort();
        bed.set("sync.admin.port", Integer.toString(port)).set("sync.schedule.crm-to-ctct", "")
                .set("sync.schedule.ctct-to-crm", "").env("SYNC_ADMIN_TOKEN", TOKEN).asService();
        bed.engine();

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

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private WebElement awaitId(String id) {
        return PageBrowser.awaitId(browser, id);
    }

    /** The flash message once the form's redirect landed (a click does not wait for the navigation it starts). */
    private String awaitFlash(String expected) {
        return PageBrowser.awaitFlash(browser, expected);
    }

    private Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name).toAbsolutePath();
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("StatusPageIT screenshot: " + target);
        return target;
    }

    private static long maxRunId(WebDriver b) {
        return b.findElements(By.cssSelector("tr.run")).stream()
                .mapToLong(r -> Long.parseLong(r.getAttribute("data-run-id"))).max().orElse(0);
    }

    /** A phone's viewport (390 x 844 CSS px, as an iPhone 12-15): headless chromium keeps windows at 500 px or more. */
    private void phone() {
        phone(844);
    }

    private void phone(long height) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    /** The whole page at phone width, top to bottom, then back to the phone's own height. */
    private void fullPagePhoneScreenshot(String name) throws IOException {
        Long height = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight;");
        phone(Math.min(height, 6000));
        screenshot(name);
        phone();
    }

    private void desktop() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Test
    void should_log_in_act_on_dead_letters_and_show_a_triggered_run() throws Exception {
        phone();
        browser.get(url("/status"));
        assertThat(byId("token").getAttribute("type")).isEqualTo("password");
        assertThat(browser.findElements(By.id("runs"))).as("nothing shown before login").isEmpty();

        byId("token").sendKeys("not-the-token");
        byId("login").click();
        assertThat(awaitId("login-error").getText()).contains("not the admin token");

        byId("token").sendKeys(TOKEN);
        byId("login").click();
        awaitId("runs-table");
        Cookie session = browser.manage().getCookieNamed(PageSessions.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getPath()).isEqualTo("/status");
        assertThat(session.getValue()).doesNotContain(TOKEN);
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);

        List<WebElement> parked = browser.findElements(By.cssSelector("tr.dead-letter"));
        assertThat(parked).hasSize(CONTACTS);
        assertThat(parked.get(0).findElement(By.cssSelector("td.reason")).getText()).contains("activity");
        // Newest first: the first is the CRM's last record, which the next cycle reads again anyway (its checkpoint's
        // own position): retrying that one, and discarding another, keeps what the sync did down to the buttons.
        long retried = Long.parseLong(parked.get(0).getAttribute("data-id"));
        long discarded = Long.parseLong(parked.get(1).getAttribute("data-id"));
        long untouched = Long.parseLong(parked.get(2).getAttribute("data-id"));
        Long pageWidth = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth;");
        browser.navigate().refresh();
        fullPagePhoneScreenshot("status-page-phone.png");
        Object wide = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 391)"
                        + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertThat(pageWidth).as("no sideways scrolling of the page at phone width (tables scroll inside); too wide: " + wide)
                .isLessThanOrEqualTo(390L);

        byId("discard-" + discarded).click();
        awaitFlash("Discarded dead letter " + discarded);
        byId("retry-" + retried).click();
        assertThat(awaitFlash("Retrying dead letter " + retried)).contains("re-drives");
        assertThat(browser.findElements(By.id("discard-" + discarded))).as("a discarded one leaves the list").isEmpty();

        long before = maxRunId(browser);
        byId("sync-now").click();
        awaitFlash("started: sync of");
        new WebDriverWait(browser, Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(500)).until(b -> {
            b.navigate().refresh();
            return maxRunId(b) >= before + 2 && b.findElements(By.cssSelector("#runs-table .status-running, #runs-table .status-queued")).isEmpty();
        });
        assertThat(browser.findElements(By.cssSelector("tr.run")).stream()
                .filter(r -> Long.parseLong(r.getAttribute("data-run-id")) > before)
                .map(r -> r.findElements(By.tagName("td")).get(2).getText()))
                .as("both flows ran from the button").containsOnly("succeeded");

        assertThat(browser.findElements(By.id("retry-" + retried))).as("re-driven and applied: gone").isEmpty();
        assertThat(browser.findElements(By.id("retry-" + untouched))).as("not retried: still parked").isNotEmpty();
        StateStore state = bed.engine().state();
        assertThat(state.deadLetter(retried, false)).isEmpty();
        DeadLetterEntry gaveUp = state.deadLetter(discarded, false).orElseThrow();
        assertThat(gaveUp.discarded()).as("kept for the record").isTrue();
        assertThat(bed.stats().path("contacts").path("total").asLong()).as("only the retried record landed").isEqualTo(1);

        // A full resync from the page: both checkpoints go back to the start, so crm-to-ctct reads every CRM record again.
        long beforeResync = maxRunId(browser);
        byId("resync-full").click();
        awaitFlash("started: resync");
        new WebDriverWait(browser, Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(500)).until(b -> {
            b.navigate().refresh();
            return maxRunId(b) >= beforeResync + 2 && b.findElements(By.cssSelector("#runs-table .status-running, #runs-table .status-queued")).isEmpty();
        });
        List<RunRecord> resynced = state.lastRuns(10).stream().filter(r -> r.id() > beforeResync).toList();
        assertThat(resynced).as("both flows ran from the resync button").hasSize(2)
                .allSatisfy(r -> assertThat(r.trigger()).isEqualTo("page"))
                .allSatisfy(r -> assertThat(r.status()).isNotEqualTo(RunStatus.FAILED));
        assertThat(resynced.stream().filter(r -> r.flow().equals("crm-to-ctct")).findFirst().orElseThrow()
                .counts().get("read")).as("a full resync reads every CRM record again").isEqualTo((long) CONTACTS);

        desktop();
        browser.navigate().refresh();
        screenshot("status-page-desktop.png");

        refusesWhatTheBrowserWouldNeverSend(session.getValue());

        byId("logout").click();
        assertThat(awaitId("token").getAttribute("type")).as("logged out: the login form again").isEqualTo("password");
    }

    /** Outside the browser: a POST without or with a wrong CSRF token, the cookie's attributes, Bearer read-only. */
    private void refusesWhatTheBrowserWouldNeverSend(String sessionId) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String cookie = PageSessions.COOKIE + "=" + sessionId;
        HttpResponse<String> noCsrf = http.send(form("/status/sync", "direction=both", cookie), HttpResponse.BodyHandlers.ofString());
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = http.send(form("/status/deadletters/1/discard", "csrf=guess", cookie),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> noSession = http.send(form("/status/sync", "csrf=x", null), HttpResponse.BodyHandlers.ofString());
        assertThat(noSession.statusCode()).as("no session: back to the login form").isEqualTo(303);

        HttpResponse<String> login = http.send(form("/status/login", "token=" + TOKEN, null), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/status");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/status").doesNotContain(TOKEN);

        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(url("/status")))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(bearer.body()).contains("id=\"runs-table\"").contains("Read-only").doesNotContain("<form");
        HttpResponse<String> wrongBearer = http.send(HttpRequest.newBuilder(URI.create(url("/status")))
                .header("Authorization", "Bearer nope").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongBearer.body()).contains("action=\"/status/login\"").doesNotContain("runs-table");
    }

    private HttpRequest form(String path, String body, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b.build();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
