package io.contactsync.admin.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real headless browser of the page tests: Debian's chromium and chromedriver driven by Selenium. Without them
 * a test is skipped, unless {@code CI=true}: then it fails, CI must have them.
 */
final class PageBrowser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private PageBrowser() {
    }

    /** Skips (or on CI fails) the calling test when the browser is missing. */
    static void require(String test) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "no " + CHROMIUM + " / " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and the browser is missing: " + why);
            }
            Assumptions.abort(test + " skipped: " + why);
        }
    }

    static WebDriver start() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    static WebElement awaitId(WebDriver browser, String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElements(By.id(id)).stream().findFirst().orElse(null));
    }

    /** The flash message once the form's redirect landed (a click does not wait for the navigation it starts). */
    static String awaitFlash(WebDriver browser, String expected) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(b -> {
                    List<WebElement> flash = b.findElements(By.id("flash"));
                    return flash.isEmpty() || !flash.get(0).getText().contains(expected) ? null : flash.get(0).getText();
                });
    }
}
