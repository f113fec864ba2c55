package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens the generated index.html in a real headless Chromium (the Debian {@code chromium} and
 * {@code chromium-driver} packages; Selenium is pointed at both so it never downloads a browser or driver).
 * Skipped only when {@code /usr/bin/chromium} is not installed.
 */
class IndexPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;

    static ChromeDriver driver;
    static Path output;

    @BeforeAll
    static void startBrowserOnATriagedTree() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "browser test skipped: /usr/bin/chromium is not installed"
                + " (apt-get install -y chromium chromium-driver)");
        Path input = PhotoTree.create(tmp.resolve("photos"));
        output = tmp.resolve("out");
        FolderTriage.Report report = FolderTriage.run(FolderTriage.Options.of(input, output), new FakeModels().registry(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertThat(report.exitCode()).isZero();

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")), "--window-size=1280,2000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.get(output.resolve("index.html").toUri().toString());
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private List<WebElement> visibleCards() {
        return driver.findElements(By.cssSelector("article.card")).stream().filter(WebElement::isDisplayed).toList();
    }

    @Test
    void pageLoadsWithoutConsoleErrors() throws IOException {
        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        // Kept for a person to look at: target/index-screenshot.png.
        Files.write(Files.createDirectories(Path.of("target")).resolve("index-screenshot.png"), driver.getScreenshotAs(OutputType.BYTES));

        assertThat(problems).isEmpty();
        assertThat(driver.getTitle()).isEqualTo("Photo triage");
        assertThat(driver.findElements(By.cssSelector("section.album"))).hasSize(4);
    }

    @Test
    void classFiltersShowOnlyThatClass() {
        Map<String, Integer> expected = Map.of("all", 9, "people", 4, "pets", 2, "neither", 1, "unclassified", 2);
        for (String filter : List.of("people", "pets", "neither", "unclassified", "all")) {
            WebElement button = driver.findElement(By.cssSelector("#filters button[data-filter='" + filter + "']"));
            assertThat(button.getText()).isEqualTo(filter + " (" + expected.get(filter) + ")");
            button.click();

            List<WebElement> cards = visibleCards();
            assertThat(cards).as(filter).hasSize(expected.get(filter));
            if (!filter.equals("all")) {
                assertThat(cards).allSatisfy(c -> assertThat(c.getAttribute("data-class")).isEqualTo(filter));
            }
            assertThat(driver.findElement(By.id("shown")).getText()).isEqualTo(String.valueOf(expected.get(filter)));
            assertThat(driver.findElement(By.cssSelector("#filters button[data-filter='" + filter + "']")).getAttribute("aria-pressed"))
                    .isEqualTo("true");
        }
    }

    @Test
    void everyImageResolves() {
        @SuppressWarnings("unchecked")
        List<String> broken = (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);");
        Number images = (Number) ((JavascriptExecutor) driver).executeScript("return document.images.length;");

        assertThat(broken).isEmpty();
        // 7 thumbnails, 6 cut-outs, 3 stylized hero shots.
        assertThat(images.intValue()).isEqualTo(16);
    }

    @Test
    void cardsShowHowManySubjectsOfEachClass() {
        WebElement card = driver.findElements(By.cssSelector("article.card")).stream()
                .filter(c -> "2020/trip/dog.jpg".equals(c.getAttribute("title"))).findFirst().orElseThrow();
        WebElement counts = card.findElement(By.cssSelector("p.counts"));

        assertThat(counts.isDisplayed()).isTrue();
        assertThat(counts.getText()).isEqualTo("1 dog");
        assertThat(card.findElement(By.cssSelector("span.count")).getAttribute("data-label")).isEqualTo("dog");
    }

    @Test
    void detectionBoxesAreDrawnOverTheirThumbnail() {
        WebElement card = driver.findElements(By.cssSelector("article.card")).stream()
                .filter(c -> "2020/trip/dog.jpg".equals(c.getAttribute("title"))).findFirst().orElseThrow();
        WebElement img = card.findElement(By.cssSelector("img.thumb"));
        WebElement rect = card.findElement(By.cssSelector("svg.boxes rect"));

        // The box is the middle half of the photo: it spans half the thumbnail, centred.
        double imgX = img.getRect().getX();
        double imgW = img.getRect().getWidth();
        assertThat(rect.getRect().getX() - imgX).isCloseTo(imgW / 4, org.assertj.core.data.Offset.offset(3.0));
        assertThat((double) rect.getRect().getWidth()).isCloseTo(imgW / 2, org.assertj.core.data.Offset.offset(4.0));
    }

    @Test
    void scriptsInFileNamesNeverRun() {
        Object xss = ((JavascriptExecutor) driver).executeScript("return typeof window.__xss;");
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        List<String> names = driver.findElements(By.cssSelector("article.card .name")).stream()
                .map(e -> (String) ((JavascriptExecutor) driver).executeScript("return arguments[0].textContent;", e)).toList();

        assertThat(xss).isEqualTo("undefined");
        assertThat(names).contains(PhotoTree.XSS_NAME, PhotoTree.ALERT_NAME, PhotoTree.UNICODE_NAME);
        assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    }
}
