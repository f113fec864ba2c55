package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The {@code ct} command's index.html in a real headless Chromium (as {@link IndexPageBrowserTest}): it loads without
 * console errors, its three previews decode, and its organ table lists ct.json's organs. Skipped only when
 * {@code /usr/bin/chromium} is not installed.
 */
class CtIndexBrowserTest {

    @Test
    @NeedsNatives
    void ctIndexShowsThreePreviewsAndTheOrganTable(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(IndexPageBrowserTest.CHROMIUM), "browser test skipped: /usr/bin/chromium is not installed"
                + " (apt-get install -y chromium chromium-driver)");
        Path out = tmp.resolve("ct out <&>");
        CtCommandTest.ctTinySucceeds(CtCommandTest.DICOM, out);
        JsonNode json = new ObjectMapper().readTree(out.resolve("ct.json").toFile());

        System.setProperty("webdriver.chrome.driver", IndexPageBrowserTest.CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(IndexPageBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")), "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(IndexPageBrowserTest.CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(out.resolve("index.html").toUri().toString());
            List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            Files.write(Files.createDirectories(Path.of("target")).resolve("ct-index-screenshot.png"),
                    driver.getScreenshotAs(OutputType.BYTES));
            assertThat(problems).isEmpty();
            assertThat(driver.getTitle()).isEqualTo("CT segmentation");
            for (String view : List.of("axial", "coronal", "sagittal")) {
                Object width = ((JavascriptExecutor) driver).executeScript(
                        "const i = document.querySelector(\"img[src='" + view + ".png']\"); return i.complete ? i.naturalWidth : -1;");
                assertThat(((Number) width).intValue()).as(view).isPositive();
            }
            assertThat(driver.findElements(By.cssSelector("#organs tbody tr"))).hasSize(json.get("organs").size());
            assertThat(driver.findElement(By.id("source")).getText()).contains("1.2.826.0.1.3680043.8.498.10");
        } finally {
            driver.quit();
        }
    }
}
