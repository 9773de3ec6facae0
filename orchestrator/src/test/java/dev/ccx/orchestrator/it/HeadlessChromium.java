package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its {@code chromium-driver} by Selenium: headless, with a fresh profile
 * and the flags that keep it from reaching out to the network (this machine has none, and Chromium stalls on it).
 * A missing browser fails the run when {@code CI=true} and skips it elsewhere, like a missing Docker engine.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static HeadlessChromium start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String why = BROWSER + " or " + DRIVER + " is missing: apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true requires the browser tests to run)");
            }
            Assumptions.abort(why + "; skipping browser tests outside CI");
        }
        try {
            Path profile = Files.createTempDirectory("ccx-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1500,1000",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as a PNG. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
