package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotNames;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin dashboard in headless Chromium against a real orchestrator whose slots are real runner containers:
 * log in, see two users' slots, stop one, purge one after confirming, and check the admin API agrees each time;
 * see the refused requests among the recent errors, and a stop made through the API appear without a reload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path state;
    static ItEnvironment env;
    static HeadlessChromium chromium;
    static ChromeDriver driver;
    static HttpServer otherSite;

    @BeforeAll
    static void start() throws Exception {
        env = new ItEnvironment(state, Map.of());
        HttpResponse<String> chat = HTTP.send(userRequest("/v1/chat/completions", "alice")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as("alice's first run starts her runner: %s", chat.body()).isEqualTo(200);
        HttpResponse<String> models = HTTP.send(userRequest("/v1/models", "bob").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).as("bob's first request starts his runner").isEqualTo(200);
        chromium = HeadlessChromium.start();
        driver = chromium.driver;
        otherSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherSite.createContext("/", ex -> {
            String target = env.baseUrl() + "/admin/slots/bob/stop";
            byte[] page = ("<!doctype html><form id=f method=post action='" + target + "'></form>"
                    + "<script>document.getElementById('f').submit()</script>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        otherSite.start();
    }

    @AfterAll
    static void stop() {
        if (otherSite != null) {
            otherSite.stop(0);
        }
        if (chromium != null) {
            chromium.close();
        }
        if (env != null) {
            env.close();
        }
    }

    static HttpRequest.Builder userRequest(String path, String user) {
        return HttpRequest.newBuilder(URI.create(env.baseUrl() + path)).timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", user);
    }

    static JsonNode adminRow(String path, String user) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + path))
                .header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode row : JSON.readTree(response.body()).path("data")) {
            if (row.path("user").asText().equals(user)) {
                return row;
            }
        }
        return null;
    }

    static String apiState(String user) throws Exception {
        JsonNode row = adminRow("/admin/slots", user);
        return row == null ? "absent" : row.path("state").asText();
    }

    /**
     * Polls until a condition holds. The page re-renders its rows as it refreshes, so an element found in one poll
     * can be gone when it is read: that poll is retried rather than failing the test.
     */
    static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static By row(String user) {
        return By.cssSelector("#slots tr[data-user='" + user + "']");
    }

    /** The state badge the page shows for the user's slot: "idle" for the API's running, else the API's word. */
    static String shownState(String user) {
        List<WebElement> badges = driver.findElements(By.cssSelector("#slots tr[data-user='" + user
                + "'] td.state .badge"));
        return badges.isEmpty() ? "absent" : badges.get(0).getText();
    }

    static void logIn(String key) {
        driver.get(env.baseUrl() + "/admin/ui/login");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("key"))).sendKeys(key);
        driver.findElement(By.id("login")).click();
    }

    static void confirmAction(String user, String action, String typed) {
        driver.findElement(By.cssSelector("#slots tr[data-user='" + user + "'] button[data-action='" + action + "']"))
                .click();
        WebElement dialog = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(dialog.findElement(By.id("confirm-title")).getText()).contains(user);
        if (typed != null) {
            WebElement ok = dialog.findElement(By.id("confirm-ok"));
            assertThat(ok.isEnabled()).as("purge waits until the user's name is typed").isFalse();
            dialog.findElement(By.id("confirm-typed")).sendKeys(typed.substring(0, typed.length() - 1));
            assertThat(ok.isEnabled()).isFalse();
            dialog.findElement(By.id("confirm-typed")).sendKeys(typed.substring(typed.length() - 1));
        }
        dialog.findElement(By.id("confirm-ok")).click();
    }

    @Test
    @Order(1)
    void a_service_key_and_a_forged_cookie_never_reach_the_dashboard_but_the_admin_key_does() {
        driver.get(env.baseUrl() + "/admin/ui");
        assertThat(driver.getCurrentUrl()).endsWith("/admin/ui/login");
        logIn(ItEnvironment.SERVICE_KEY);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not an admin key"));
        assertThat(driver.manage().getCookieNamed("ccx_admin")).isNull();

        driver.manage().addCookie(new Cookie.Builder("ccx_admin", "A".repeat(43)).path("/admin").build());
        driver.get(env.baseUrl() + "/admin/ui");
        assertThat(driver.getCurrentUrl()).endsWith("/admin/ui/login");
        driver.manage().deleteAllCookies();

        logIn(ItEnvironment.ADMIN_KEY);
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        assertThat(driver.getCurrentUrl()).endsWith("/admin/ui");
        Cookie session = driver.manage().getCookieNamed("ccx_admin");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat((String) driver.executeScript("return document.cookie")).doesNotContain("ccx_admin");
    }

    @Test
    @Order(2)
    void the_page_shows_both_users_running_slots_with_memory_drawn_against_the_limit() throws Exception {
        for (String user : List.of("alice", "bob")) {
            waiting().until(d -> shownState(user).equals("idle"));
            assertThat(apiState(user)).isEqualTo("running");
            assertThat(driver.findElement(By.cssSelector("#slots tr[data-user='" + user + "'] td.state .idle-for"))
                    .getText()).as("how long since the last request ended").matches("for \\d+ (s|min)");
            WebElement fill = waiting().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#slots tr[data-user='" + user + "'] td.memory .fill")));
            assertThat(fill.getCssValue("width")).isNotEqualTo("0px");
            assertThat(driver.findElement(By.cssSelector("#slots tr[data-user='" + user + "'] td.memory .label"))
                    .getText()).endsWith("/ 1.0 GiB");
            waiting().until(d -> d.findElement(By.cssSelector("#slots tr[data-user='" + user + "'] td.claude"))
                    .getText().contains("API key"));
        }
        assertThat(driver.findElements(By.cssSelector("#starts-chart circle.dot.cold"))).hasSize(2);
        assertThat(driver.findElement(By.id("starts-summary")).getText()).startsWith("2 starts");
        waiting().until(d -> !d.findElement(By.cssSelector("#slots tr[data-user='alice'] td.cpu")).getText()
                .equals("—"));
        chromium.screenshot(Path.of("target", "dashboard.png"));
        JsonNode usage = adminRow("/admin/usage", "alice");
        assertThat(usage.path("memory_bytes").asLong()).isPositive();
        assertThat(usage.path("memory_limit_bytes").asLong()).isEqualTo(1L << 30);
        for (String volume : List.of("claude", "codex", "jobs")) {
            assertThat(usage.path("disk").path(volume).isIntegralNumber()).as("%s volume measured", volume).isTrue();
        }
        assertThat(usage.path("disk").path("claude").asLong()).as("Claude keeps alice's session").isPositive();
    }

    @Test
    @Order(3)
    void a_form_on_another_site_cannot_stop_a_slot() throws Exception {
        String sameSite = "http://127.0.0.1:" + otherSite.getAddress().getPort() + "/";
        String crossSite = "http://localhost:" + otherSite.getAddress().getPort() + "/";
        driver.get(sameSite);
        waiting().until(d -> d.getCurrentUrl().endsWith("/admin/slots/bob/stop"));
        assertThat(driver.getPageSource()).contains("csrf_failed");
        driver.get(crossSite);
        waiting().until(d -> d.getCurrentUrl().endsWith("/admin/slots/bob/stop"));
        assertThat(driver.getPageSource()).contains("missing_credentials");
        assertThat(apiState("bob")).isEqualTo("running");
    }

    @Test
    @Order(4)
    void the_refused_requests_are_listed_among_the_recent_errors_as_the_api_reports_them() throws Exception {
        driver.get(env.baseUrl() + "/admin/ui");
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));

        List<String> csrf = waiting().until(d -> errorRow("csrf_failed"));
        List<String> noCookie = errorRow("missing_credentials");
        List<String> serviceLogin = errorRow("wrong_role");

        assertThat(csrf).as("the other site's form, with the session cookie but no token")
                .containsSubsequence("403", "csrf_failed", "POST /admin/slots/{user}/stop");
        assertThat(noCookie).as("the same form from a cross-site origin: no cookie at all")
                .containsSubsequence("401", "missing_credentials", "POST /admin/slots/{user}/stop");
        assertThat(serviceLogin).as("logging in with the service key")
                .containsSubsequence("403", "wrong_role", "POST /admin/ui/login", "service#0");
        assertThat(driver.findElement(By.id("no-errors")).isDisplayed()).isFalse();
        JsonNode api = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/admin/errors"))
                .header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(api.path("data").findValuesAsText("code")).contains("csrf_failed", "missing_credentials",
                "wrong_role");
    }

    /** The cells of the newest row of the page's recent-errors table with {@code code}, or null. */
    static List<String> errorRow(String code) {
        for (WebElement row : driver.findElements(By.cssSelector("#errors tbody tr"))) {
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            if (cells.size() > 2 && cells.get(2).equals(code)) {
                return cells;
            }
        }
        return null;
    }

    @Test
    @Order(5)
    void stopping_bob_after_confirming_shows_his_slot_stopped_and_the_api_agrees() throws Exception {
        driver.get(env.baseUrl() + "/admin/ui");
        waiting().until(d -> shownState("bob").equals("idle"));
        confirmAction("bob", "stop", null);
        waiting().until(d -> shownState("bob").equals("stopped"));
        assertThat(apiState("bob")).isEqualTo("stopped");
        assertThat(shownState("alice")).isEqualTo("idle");
        assertThat(driver.findElement(By.cssSelector("#slots tr[data-user='bob'] td.claude")).getText())
                .contains("last known");
    }

    @Test
    @Order(6)
    void restarting_bob_brings_his_runner_back() throws Exception {
        confirmAction("bob", "restart", null);
        waiting().until(d -> shownState("bob").equals("idle"));
        assertThat(apiState("bob")).isEqualTo("running");
        waiting().until(d -> d.findElements(By.cssSelector("#starts-chart circle.dot.resume")).size() == 1);
    }

    @Test
    @Order(7)
    void purging_alice_needs_her_name_typed_and_removes_her_runner_and_volumes() throws Exception {
        SlotNames names = new SlotNames(env.instance);
        String aliceSlot = names.slotName(new UserId("alice"));
        driver.findElement(By.cssSelector("#slots tr[data-user='alice'] button[data-action='purge']")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        driver.findElement(By.id("confirm-cancel")).click();
        assertThat(driver.findElements(row("alice"))).hasSize(1);
        assertThat(apiState("alice")).isEqualTo("running");

        confirmAction("alice", "purge", "alice");
        waiting().until(ExpectedConditions.numberOfElementsToBe(row("alice"), 0));
        assertThat(apiState("alice")).isEqualTo("absent");
        assertThat(env.runners()).noneMatch(c -> c.getLabels().get("dev.ccx.slot").equals(aliceSlot));
        assertThat(env.volumes()).noneMatch(v -> v.getName().startsWith(aliceSlot));
        assertThat(env.volumes()).anyMatch(v -> v.getName().startsWith(names.slotName(new UserId("bob"))));
        assertThat(shownState("bob")).isEqualTo("idle");
        waiting().until(d -> d.findElement(By.id("toast")).getText().contains("Purged alice"));
        chromium.screenshot(Path.of("target", "dashboard-after-purge.png"));
    }

    @Test
    @Order(8)
    void bob_stopped_through_the_admin_api_turns_stopped_on_the_open_page_without_a_reload() throws Exception {
        waiting().until(d -> shownState("bob").equals("idle"));
        driver.executeScript("window.ccxSamePage = 'not reloaded'");

        HttpResponse<String> stop = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl()
                + "/admin/slots/bob/stop")).header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stop.body()).path("stopped").asBoolean()).isTrue();

        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage("the page polls every 5 s")
                .until(d -> shownState("bob").equals("stopped"));
        assertThat(driver.executeScript("return window.ccxSamePage")).isEqualTo("not reloaded");
        assertThat(driver.findElement(By.cssSelector("#slots tr[data-user='bob'] button[data-action='stop']"))
                .isEnabled()).as("a stopped slot cannot be stopped again").isFalse();
        assertThat(apiState("bob")).isEqualTo("stopped");
    }

    @Test
    @Order(9)
    void logging_out_returns_to_the_login_form_and_the_old_cookie_stops_working() throws Exception {
        Cookie session = driver.manage().getCookieNamed("ccx_admin");
        driver.findElement(By.id("logout")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/admin/ui/login"));
        HttpResponse<String> withOldCookie = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl()
                + "/admin/slots")).header("Cookie", "ccx_admin=" + session.getValue()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withOldCookie.statusCode()).isEqualTo(401);
        driver.get(env.baseUrl() + "/admin/ui");
        assertThat(driver.getCurrentUrl()).endsWith("/admin/ui/login");
    }
}
