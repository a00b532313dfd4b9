package io.atozwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's chromium, driven by chromium-driver through Selenium) against a
 * running demo: the page loads without console errors, the merchants table fills, the health panel and the live
 * feed (server-sent events) show the pipeline, clicking a merchant shows its figures, its reference metrics against
 * their targets, its orders at risk, charts of its last 90 days (inline SVG), its tier and reserve decisions and its
 * open deadlines; an order in the feed opens its case; #/merchant/{id} and #/order/{id} links open their panels when
 * loaded directly and on back; an order links to its merchant. Screenshots go to target/screenshots for people to look at.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theConsoleShowsMerchantsTheirMetricsAndOrdersAtRiskWithoutErrors() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as(
                        "the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver"
                                + " (.ci/run installs them)")
                .isTrue();
        Files.createDirectories(SCREENSHOTS);
        int http = JarProcess.freePort();
        int kafka = JarProcess.freePort();
        try (JarProcess demo = JarProcess.start(
                "dashboard-demo",
                "demo",
                "--http-port",
                String.valueOf(http),
                "--kafka-port",
                String.valueOf(kafka),
                "--progress-every",
                "PT5S")) {
            String base = "http://localhost:" + http;
            demo.await(
                    "/health/ready to turn ready",
                    Duration.ofSeconds(120),
                    () -> JarProcess.get(base + "/health/ready").statusCode() == 200);
            String[] merchant = {null};
            demo.await("a merchant with an order at risk", Duration.ofSeconds(180), () -> {
                merchant[0] = merchantWithAnOrderAtRisk(base);
                return merchant[0] != null;
            });

            WebDriver browser = browser();
            try {
                browser.get(base + "/");
                until(
                        "the merchants table to fill",
                        () -> !browser.findElements(By.cssSelector("#merchants tr[data-id]"))
                                .isEmpty());
                until(
                        "the health panel",
                        () -> browser.findElement(By.id("health")).getText().contains("RUNNING"));
                until(
                        "an order in the live feed",
                        () -> !browser.findElements(By.cssSelector("#feed a[data-order]"))
                                .isEmpty());
                assertThat(browser.findElement(By.id("health")).getText()).contains("Records/s", "At-risk warnings");
                screenshot(browser, "dashboard-merchants.png");

                until("merchant " + merchant[0] + " in the table, or its row after a refresh", () -> {
                    List<WebElement> rows =
                            browser.findElements(By.cssSelector("#merchants tr[data-id='" + merchant[0] + "']"));
                    if (rows.isEmpty()) {
                        browser.findElement(By.id("limit")).clear();
                        browser.findElement(By.id("limit")).sendKeys("1000");
                        browser.findElement(By.id("refresh")).click();
                        return false;
                    }
                    try {
                        rows.get(0).click();
                        return true;
                    } catch (org.openqa.selenium.StaleElementReferenceException e) {
                        return false; // the table was refreshed under the click: find the row again
                    }
                });
                // Simulated time runs fast: an order at risk when it was chosen may be claimable (no longer at
                // risk) by the time the panel reads the list, so the list is either filled or says none is open.
                until("the merchant's figures, reference metrics and orders at risk", () -> {
                    String text = browser.findElement(By.id("merchant")).getText();
                    String risks = browser.findElements(By.id("atRisk")).isEmpty()
                            ? ""
                            : browser.findElement(By.id("atRisk")).getText();
                    return text.contains("Reference metrics")
                            && text.contains("lateShipmentRate")
                            && (risks.contains("claimable from") || risks.contains("none open"));
                });
                String panel = browser.findElement(By.id("merchant")).getText();
                assertThat(panel)
                        .contains(
                                merchant[0],
                                "Orders at risk of a claim",
                                "validTrackingRate",
                                "returnDissatisfactionRate");
                // The merchant's 90 days, drawn from /merchants/{id}/history: a line with points, its decisions, its
                // deadlines.
                until(
                        "a chart of the merchant's history drawn with points",
                        () -> polylinePoints(browser, "#merchantCharts") > 1);
                until("the merchant's decisions and open deadlines", () -> {
                    String timeline = browser.findElement(By.id("timeline")).getText();
                    String deadlines =
                            browser.findElement(By.id("openDeadlines")).getText();
                    return timeline.contains("reserve")
                            && (deadlines.contains("Due") || deadlines.contains("none open"));
                });
                assertThat(browser.findElements(By.cssSelector("#timeline .badge")))
                        .isNotEmpty();
                assertThat(browser.getCurrentUrl()).endsWith("#/merchant/" + merchant[0]);
                screenshot(browser, "dashboard-merchant.png");

                // An order named in the live feed opens its case (through the look-up form: the feed moves too
                // fast to click, hundreds of items a second, and drops its oldest).
                String[] seen = {null};
                until("an order id in the live feed", () -> {
                    try {
                        seen[0] = browser.findElements(By.cssSelector("#feed a[data-order]"))
                                .get(0)
                                .getAttribute("data-order");
                        return seen[0] != null;
                    } catch (org.openqa.selenium.StaleElementReferenceException | IndexOutOfBoundsException e) {
                        return false;
                    }
                });
                String orderId = seen[0];
                browser.findElement(By.id("orderId")).sendKeys(orderId);
                browser.findElement(By.cssSelector("#orderForm button")).click();
                until("order " + orderId + "'s case", () -> {
                    String text = browser.findElement(By.id("order")).getText();
                    return text.contains(orderId) && text.contains("Notifications");
                });
                assertThat(browser.findElement(By.id("order")).getText()).contains("Events", "Deadlines");
                assertThat(browser.getCurrentUrl()).endsWith("#/order/" + orderId);
                screenshot(browser, "dashboard-order.png");

                // Back goes to the merchant's link again; a deep link opened directly shows that merchant.
                browser.navigate().back();
                until(
                        "back to the merchant's URL",
                        () -> browser.getCurrentUrl().endsWith("#/merchant/" + merchant[0]));
                String other = firstMerchantOtherThan(base, merchant[0]);
                browser.get("about:blank");
                browser.get(base + "/#/merchant/" + other);
                until("merchant " + other + " opened by its deep link, with a chart", () -> {
                    String text = browser.findElement(By.id("merchant")).getText();
                    return text.startsWith(other) && polylinePoints(browser, "#merchantCharts") > 1;
                });
                screenshot(browser, "dashboard-deep-link.png");
                // An order's merchant is a link to it.
                browser.get(base + "/#/order/" + orderId);
                until(
                        "order " + orderId + " opened by its deep link",
                        () -> browser.findElement(By.id("order")).getText().contains(orderId)
                                && !browser.findElements(By.cssSelector("#order a[data-merchant]"))
                                        .isEmpty());
                String ordersMerchant = browser.findElement(By.cssSelector("#order a[data-merchant]"))
                        .getAttribute("data-merchant");
                browser.findElement(By.cssSelector("#order a[data-merchant]")).click();
                until(
                        "the order's merchant " + ordersMerchant,
                        () -> browser.getCurrentUrl().endsWith("#/merchant/" + ordersMerchant)
                                && browser.findElement(By.id("merchant"))
                                        .getText()
                                        .startsWith(ordersMerchant));

                List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                        .toList();
                assertThat(errors).as("console errors").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** The points of the first polyline under {@code container} (0 if none yet). */
    private static int polylinePoints(WebDriver browser, String container) {
        try {
            List<WebElement> lines = browser.findElements(By.cssSelector(container + " svg polyline"));
            if (lines.isEmpty()) {
                return 0;
            }
            String points = lines.get(0).getAttribute("points");
            return points == null || points.isBlank() ? 0 : points.trim().split("\\s+").length;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return 0;
        }
    }

    /** A merchant in the list other than {@code id}. */
    private static String firstMerchantOtherThan(String base, String id) throws Exception {
        for (JsonNode m : JSON.readTree(
                        JarProcess.get(base + "/merchants?sort=odr&limit=50").body())
                .path("merchants")) {
            if (!m.get("merchantId").asText().equals(id)) {
                return m.get("merchantId").asText();
            }
        }
        throw new AssertionError("no second merchant listed");
    }

    /** A merchant of the first ones listed whose orders-at-risk view has an entry, or null. */
    private static String merchantWithAnOrderAtRisk(String base) throws Exception {
        JsonNode list = JSON.readTree(
                JarProcess.get(base + "/merchants?sort=odr&limit=50").body());
        for (JsonNode m : list.path("merchants")) {
            String id = m.get("merchantId").asText();
            JsonNode risks = JSON.readTree(JarProcess.get(base + "/orders?atRisk=true&merchantId=" + id + "&limit=1")
                    .body());
            if (risks.path("orders").size() > 0) {
                return id;
            }
        }
        return null;
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,2000",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Polls a condition of the page (a browser renders in its own time): wait on it, never on a sleep alone. */
    private static void until(String what, Supplier<Boolean> check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }
}
