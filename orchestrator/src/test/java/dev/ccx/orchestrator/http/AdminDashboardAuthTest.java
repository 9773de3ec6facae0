package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.config.AdminUiSettings;
import dev.ccx.orchestrator.config.IpNetwork;
import dev.ccx.orchestrator.testing.AppHarness;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's login, session cookie and CSRF protection, against the real app on a random port. */
class AdminDashboardAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    @TempDir
    Path state;
    AppHarness app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private AppHarness start(AdminUiSettings settings) {
        app = new AppHarness(state, settings);
        return app;
    }

    private HttpResponse<String> login(String key) throws Exception {
        return app.send(app.request("/admin/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + URLEncoder.encode(key, StandardCharsets.UTF_8))));
    }

    /** Logs in with the admin key and returns the {@code name=value} part of the session cookie. */
    private String session() throws Exception {
        String setCookie = login(AppHarness.ADMIN_KEY).headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String csrfToken(String cookie) throws Exception {
        HttpResponse<String> page = app.send(app.request("/admin/ui").header("Cookie", cookie));
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the dashboard carries a CSRF token").isTrue();
        return m.group(1);
    }

    private void startSlot(String user) throws Exception {
        assertThat(app.send(app.asService("/v1/models", user)).statusCode()).isEqualTo(200);
    }

    private String stateOf(String user) throws Exception {
        for (JsonNode row : JSON.readTree(app.send(app.asAdmin("/admin/slots")).body()).path("data")) {
            if (row.path("user").asText().equals(user)) {
                return row.path("state").asText();
            }
        }
        return "absent";
    }

    @Test
    void the_login_form_takes_the_admin_key_once_and_sets_an_http_only_same_site_strict_cookie() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        HttpResponse<String> response = login(AppHarness.ADMIN_KEY);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin/ui");
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("ccx_admin=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/admin",
                "; Max-Age=28800").doesNotContain("Secure").doesNotContain(AppHarness.ADMIN_KEY);
    }

    @Test
    void without_a_session_the_dashboard_sends_the_browser_to_the_login_form() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        HttpResponse<String> response = app.send(app.request("/admin/ui"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin/ui/login");
        assertThat(response.body()).doesNotContain("csrf-token");
        HttpResponse<String> form = app.send(app.request("/admin/ui/login"));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"key\"").doesNotContain("csrf-token");
    }

    @Test
    void with_a_session_the_dashboard_is_served_with_a_csrf_token_and_a_strict_content_policy() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        HttpResponse<String> page = app.send(app.request("/admin/ui").header("Cookie", session()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(CSRF.matcher(page.body()).find()).isTrue();
        assertThat(page.body()).contains("signed in with admin#0");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void a_forged_cookie_reaches_neither_the_page_nor_its_api_nor_its_actions() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        String forged = "ccx_admin=" + "A".repeat(43);
        assertThat(app.send(app.request("/admin/ui").header("Cookie", forged)).statusCode()).isEqualTo(303);
        assertThat(app.send(app.request("/admin/ui/assets/dashboard.js").header("Cookie", forged)).statusCode())
                .isEqualTo(401);
        HttpResponse<String> list = app.send(app.request("/admin/slots").header("Cookie", forged));
        assertThat(list.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(list.body()).path("error").path("code").asText()).isEqualTo("invalid_session");
        HttpResponse<String> stop = app.send(app.request("/admin/slots/alice/stop").header("Cookie", forged)
                .header(AdminGate.CSRF_HEADER, "guess").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(stop.statusCode()).isEqualTo(401);
        assertThat(stateOf("alice")).isEqualTo("running");
    }

    @Test
    void stop_restart_and_purge_are_refused_without_a_credential_and_with_a_forged_cookie() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        String realToken = csrfToken(session());
        String forged = "ccx_admin=" + "A".repeat(43);
        List<String[]> actions = List.of(new String[] {"POST", "/admin/slots/alice/stop"},
                new String[] {"POST", "/admin/slots/alice/restart"}, new String[] {"DELETE", "/admin/users/alice"});
        for (String[] action : actions) {
            HttpRequest.Builder bare = app.request(action[1]).method(action[0], HttpRequest.BodyPublishers.noBody());
            HttpRequest.Builder withForgedCookie = app.request(action[1]).header("Cookie", forged)
                    .method(action[0], HttpRequest.BodyPublishers.noBody());
            HttpRequest.Builder withForgedCookieAndARealToken = app.request(action[1]).header("Cookie", forged)
                    .header(AdminGate.CSRF_HEADER, realToken).header("Sec-Fetch-Site", "same-origin")
                    .method(action[0], HttpRequest.BodyPublishers.noBody());

            assertRefused(app.send(bare), action, "missing_credentials");
            assertRefused(app.send(withForgedCookie), action, "invalid_session");
            assertRefused(app.send(withForgedCookieAndARealToken), action, "invalid_session");
        }
        assertThat(stateOf("alice")).as("not stopped").isEqualTo("running");
        assertThat(app.backend.starts).as("not restarted: started once, by her own request").hasValue(1);
        assertThat(app.backend.volumes).as("not purged").hasSize(3);
    }

    private static void assertRefused(HttpResponse<String> response, String[] action, String code) throws Exception {
        assertThat(response.statusCode()).as("%s %s", action[0], action[1]).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).as("%s %s", action[0], action[1])
                .isEqualTo(code);
    }

    @Test
    void without_any_credential_the_admin_api_answers_401() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        for (String path : List.of("/admin/slots", "/admin/usage", "/admin/logins", "/admin/errors", "/admin/starts")) {
            HttpResponse<String> response = app.send(app.request(path));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                    .isEqualTo("missing_credentials");
        }
    }

    @Test
    void a_service_key_can_neither_log_in_nor_call_the_admin_api() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        HttpResponse<String> login = login(AppHarness.SERVICE_KEY);
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(login.body()).contains("not an admin key");
        HttpResponse<String> wrong = login("not-a-key-at-all-0123");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        for (String path : List.of("/admin/slots", "/admin/usage", "/admin/logins", "/admin/errors", "/admin/starts")) {
            assertThat(app.send(app.asService(path, "alice")).statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> restart = app.send(app.asService("/admin/slots/alice/restart", "alice")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(restart.statusCode()).isEqualTo(403);
        assertThat(app.send(app.asService("/admin/users/alice", "alice").DELETE()).statusCode()).isEqualTo(403);
        assertThat(stateOf("alice")).isEqualTo("running");
    }

    @Test
    void the_session_reads_the_admin_api_but_a_state_change_without_the_csrf_token_is_refused() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        String cookie = session();
        assertThat(app.send(app.request("/admin/slots").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        HttpResponse<String> noToken = app.send(app.request("/admin/slots/alice/stop").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> wrongToken = app.send(app.request("/admin/users/alice").header("Cookie", cookie)
                .header(AdminGate.CSRF_HEADER, "x".repeat(43)).DELETE());
        for (HttpResponse<String> response : List.of(noToken, wrongToken)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("csrf_failed");
        }
        assertThat(stateOf("alice")).isEqualTo("running");
    }

    @Test
    void a_cross_site_request_is_refused_even_when_it_carries_the_token() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        String cookie = session();
        String token = csrfToken(cookie);
        for (String site : List.of("cross-site", "same-site")) {
            HttpResponse<String> response = app.send(app.request("/admin/slots/alice/stop").header("Cookie", cookie)
                    .header(AdminGate.CSRF_HEADER, token).header("Sec-Fetch-Site", site)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).as(site).isEqualTo(403);
        }
        assertThat(stateOf("alice")).isEqualTo("running");
        HttpResponse<String> crossSiteLogin = app.send(app.request("/admin/ui/login")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + AppHarness.ADMIN_KEY)));
        assertThat(crossSiteLogin.statusCode()).isEqualTo(403);
        assertThat(crossSiteLogin.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void with_the_pages_token_a_same_origin_action_succeeds() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        startSlot("alice");
        String cookie = session();
        HttpResponse<String> response = app.send(app.request("/admin/slots/alice/stop").header("Cookie", cookie)
                .header(AdminGate.CSRF_HEADER, csrfToken(cookie)).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stateOf("alice")).isEqualTo("stopped");
    }

    @Test
    void the_session_cookie_does_not_authenticate_the_user_api() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        HttpResponse<String> response = app.send(app.request("/v1/models").header("Cookie", session())
                .header("X-CCX-User", "alice"));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void logging_out_ends_the_session_and_clears_the_cookie() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        String cookie = session();
        String token = csrfToken(cookie);
        HttpResponse<String> withoutToken = app.send(app.request("/admin/ui/logout").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        HttpResponse<String> out = app.send(app.request("/admin/ui/logout").header("Cookie", cookie)
                .header(AdminGate.CSRF_HEADER, token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(app.send(app.request("/admin/ui").header("Cookie", cookie)).statusCode()).isEqualTo(303);
        assertThat(app.send(app.request("/admin/slots").header("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void the_stylesheet_is_public_but_the_script_needs_a_session() throws Exception {
        start(AdminUiSettings.DEFAULTS);
        assertThat(app.send(app.request("/admin/ui/assets/admin.css")).statusCode()).isEqualTo(200);
        assertThat(app.send(app.request("/admin/ui/assets/dashboard.js")).statusCode()).isEqualTo(401);
        HttpResponse<String> script = app.send(app.request("/admin/ui/assets/dashboard.js").header("Cookie", session()));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(app.send(app.request("/admin/ui/assets/..%2Fadmin.css")).statusCode()).isIn(400, 404);
        assertThat(app.send(app.request("/admin/ui/assets/login.html")).statusCode()).isEqualTo(404);
    }

    @Test
    void the_cookie_is_secure_when_tls_is_declared_on() throws Exception {
        start(new AdminUiSettings(AdminUiSettings.CookieSecure.ALWAYS, List.of(), Duration.ofHours(1)));
        String cookie = login(AppHarness.ADMIN_KEY).headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).endsWith("; Secure").contains("Max-Age=3600");
    }

    @Test
    void the_cookie_is_secure_when_a_trusted_proxy_says_the_client_used_https() throws Exception {
        start(new AdminUiSettings(AdminUiSettings.CookieSecure.AUTO, List.of(IpNetwork.parse("127.0.0.0/8")),
                Duration.ofHours(1)));
        HttpResponse<String> viaProxy = app.send(app.request("/admin/ui/login")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + AppHarness.ADMIN_KEY)));
        assertThat(viaProxy.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");
        assertThat(login(AppHarness.ADMIN_KEY).headers().firstValue("Set-Cookie").orElseThrow())
                .doesNotContain("Secure");
    }

    @Test
    void an_untrusted_peer_cannot_claim_https_for_the_cookie() throws Exception {
        start(new AdminUiSettings(AdminUiSettings.CookieSecure.AUTO, List.of(IpNetwork.parse("10.9.0.0/16")),
                Duration.ofHours(1)));
        HttpResponse<String> response = app.send(app.request("/admin/ui/login")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + AppHarness.ADMIN_KEY)));
        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
    }
}
