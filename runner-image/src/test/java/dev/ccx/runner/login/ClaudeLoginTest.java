package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.testing.MutableClock;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeLoginTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeModelServer fake;
    private AgentConfig config;
    private ClaudeLogin login;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
        config = TestConfig.in(dir)
                .with("CCX_CLAUDE_OAUTH_AUTHORIZE_URL", fake.baseUrl() + "/oauth/authorize")
                .with("CCX_CLAUDE_OAUTH_TOKEN_URL", fake.baseUrl() + "/v1/oauth/token")
                .with("CCX_CLAUDE_BIN", dir.resolve("bin/claude").toString()).build();
        login = login(fake.baseUrl() + "/v1/oauth/token");
    }

    private ClaudeLogin login(String tokenUrl) {
        AuthStatus status = new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(),
                config.cli().passThrough(), clock);
        return new ClaudeLogin(config.login(), config.cli(), config.locations(), status,
                new TokenExchange(URI.create(tokenUrl), Duration.ofSeconds(5)),
                new ShortCommand(new ProcessTree(Duration.ofMillis(200))), clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Visits the authorize URL as {@code user} would in a browser; the callback URL it redirects to. */
    private String consent(String url, String user) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url + "&fake_user=" + user)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        return page.headers().firstValue("Location").orElseThrow();
    }

    private static ObjectNode complete(String sessionId, String code) {
        return Json.object().put("session_id", sessionId).put("code", code);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private Path credentials() {
        return config.locations().claudeHome().resolve(".credentials.json");
    }

    @Test
    void start_returns_an_authorize_url_with_s256_pkce_for_the_configured_client_in_cc_executor_order() {
        ObjectNode started = login.start();

        String url = started.path("url").asText();
        assertThat(started.path("session_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(url).startsWith(fake.baseUrl() + "/oauth/authorize?code=true&client_id=");
        Map<String, String> q = query(url);
        assertThat(q.keySet()).containsExactly("code", "client_id", "response_type", "redirect_uri", "scope",
                "code_challenge", "code_challenge_method", "state");
        assertThat(q).containsEntry("client_id", "9d1c250a-e61b-44d9-88ed-5944d1962f5e")
                .containsEntry("redirect_uri", "https://console.anthropic.com/oauth/code/callback")
                .containsEntry("scope", "org:create_api_key user:profile user:inference")
                .containsEntry("code_challenge_method", "S256");
        assertThat(url).contains("scope=org%3Acreate_api_key+user%3Aprofile+user%3Ainference");
        assertThat(q.get("state")).matches("[0-9a-f]{64}");
        assertThat(q.get("code_challenge")).hasSize(43);
    }

    @Test
    void completing_with_the_callback_url_exchanges_the_code_here_and_writes_claude_codes_credentials_0600()
            throws Exception {
        ObjectNode started = login.start();
        String callback = consent(started.path("url").asText(), "alice");

        ObjectNode done = login.complete(complete(started.path("session_id").asText(), callback));

        String issued = fake.issuedTokens().get(0).accessToken();
        assertThat(issued).startsWith("sk-ant-oat01-fake-alice-");
        JsonNode oauth = Json.parse(Files.readAllBytes(credentials())).path("claudeAiOauth");
        assertThat(oauth.path("accessToken").asText()).isEqualTo(issued);
        assertThat(oauth.path("refreshToken").asText()).startsWith("sk-ant-ort01-fake-alice-");
        assertThat(oauth.path("expiresAt").asLong()).isEqualTo((NOW.getEpochSecond() + 28_800) * 1000);
        assertThat(oauth.path("scopes").toString()).isEqualTo("[\"user:inference\",\"user:profile\"]");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
        assertThat(done.toString()).isEqualTo("{\"ok\":true,\"loggedIn\":true,\"authMethod\":\"claude.ai\",\"expiresAt\":"
                + oauth.path("expiresAt").asLong() + ",\"scopes\":[\"user:inference\",\"user:profile\"]}");
        JsonNode exchange = Json.parse(fake.requests().stream().filter(r -> r.path().equals("/v1/oauth/token"))
                .findFirst().orElseThrow().body().getBytes(StandardCharsets.UTF_8));
        assertThat(exchange.path("redirect_uri").asText()).isEqualTo("https://console.anthropic.com/oauth/code/callback");
        assertThat(exchange.path("state").asText()).isEqualTo(query(started.path("url").asText()).get("state"));
    }

    @Test
    void code_hash_state_and_the_bare_code_are_accepted_too() throws Exception {
        for (boolean withState : new boolean[] {true, false}) {
            ObjectNode started = login.start();
            Map<String, String> callback = query(consent(started.path("url").asText(), "alice"));
            String paste = withState ? callback.get("code") + "#" + callback.get("state") : callback.get("code");

            assertThat(login.complete(complete(started.path("session_id").asText(), paste)).path("ok").asBoolean())
                    .isTrue();
        }
        assertThat(fake.issuedTokens()).hasSize(2);
    }

    @Test
    void a_state_from_another_session_is_refused_and_the_session_stays_usable() throws Exception {
        ObjectNode mine = login.start();
        ObjectNode other = login.start();
        Map<String, String> otherCallback = query(consent(other.path("url").asText(), "mallory"));
        String id = mine.path("session_id").asText();

        assertThatThrownBy(() -> login.complete(complete(id, otherCallback.get("code") + "#" + otherCallback.get("state"))))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo("state mismatch — paste came from a different session");
                });
        assertThat(fake.issuedTokens()).isEmpty();
        String callback = consent(mine.path("url").asText(), "alice");
        assertThat(login.complete(complete(id, callback)).path("ok").asBoolean()).isTrue();
    }

    @Test
    void a_session_is_used_up_by_its_success() throws Exception {
        ObjectNode started = login.start();
        String id = started.path("session_id").asText();
        login.complete(complete(id, consent(started.path("url").asText(), "alice")));

        assertThatThrownBy(() -> login.complete(complete(id, consent(started.path("url").asText(), "alice"))))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.LOGIN_SESSION_UNKNOWN);
                    assertThat(e.getMessage()).isEqualTo("login session expired or unknown");
                });
    }

    @Test
    void a_session_expires_ten_minutes_after_start() throws Exception {
        ObjectNode started = login.start();
        String callback = consent(started.path("url").asText(), "alice");
        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> login.complete(complete(started.path("session_id").asText(), callback)))
                .isInstanceOfSatisfying(AgentException.class, e ->
                        assertThat(e.reason()).isEqualTo(Reason.LOGIN_SESSION_UNKNOWN));
        assertThat(fake.issuedTokens()).isEmpty();
    }

    @Test
    void a_rejected_code_is_a_400_login_failure_with_the_friendly_message_and_may_be_retried() throws Exception {
        ObjectNode started = login.start();
        String id = started.path("session_id").asText();

        assertThatThrownBy(() -> login.complete(complete(id, "not-a-real-code")))
                .isInstanceOfSatisfying(LoginFailure.class, e -> {
                    assertThat(e.reason().status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo(
                            "the authorization code has expired or is invalid — start a new login");
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                });
        assertThat(login.complete(complete(id, consent(started.path("url").asText(), "alice"))).path("ok")
                .asBoolean()).isTrue();
    }

    @Test
    void an_unreachable_token_endpoint_is_a_502_network_failure() throws Exception {
        ClaudeLogin offline = login("http://127.0.0.1:1/v1/oauth/token");
        ObjectNode started = offline.start();

        assertThatThrownBy(() -> offline.complete(complete(started.path("session_id").asText(), "code")))
                .isInstanceOfSatisfying(LoginFailure.class, e -> {
                    assertThat(e.reason().status()).isEqualTo(502);
                    assertThat(e.getMessage()).startsWith("network: ");
                });
        assertThat(Files.exists(credentials())).isFalse();
    }

    @Test
    void missing_session_id_or_code_are_422s() {
        ObjectNode started = login.start();

        assertThatThrownBy(() -> login.complete(Json.object().put("code", "x")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason().status()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("session_id is required");
                });
        assertThatThrownBy(() -> login.complete(complete(started.path("session_id").asText(), " ")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason().status()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("authorization code is required");
                });
    }

    @Test
    void a_login_keeps_other_entries_of_the_credentials_file() throws Exception {
        Files.writeString(credentials(), "{\"mcpOAuth\":{\"server\":{\"accessToken\":\"m\"}}}");
        ObjectNode started = login.start();

        login.complete(complete(started.path("session_id").asText(), consent(started.path("url").asText(), "alice")));

        JsonNode file = Json.parse(Files.readAllBytes(credentials()));
        assertThat(file.path("mcpOAuth").path("server").path("accessToken").asText()).isEqualTo("m");
        assertThat(file.path("claudeAiOauth").path("accessToken").asText()).startsWith("sk-ant-oat01-fake-alice-");
    }

    @Test
    void a_rate_limited_exchange_says_when_to_retry() {
        LoginFailure f = TokenExchange.failure(429, Json.object().set("error",
                Json.object().put("type", "rate_limit_error").put("message", "Rate limited")));

        assertThat(f.getMessage()).isEqualTo("Rate limited — try again in 10 to 15 minutes");
        assertThat(f.type()).isEqualTo("rate_limit_error");
        assertThat(TokenExchange.failure(500, Json.object()).getMessage()).isEqualTo("token exchange failed (HTTP 500)");
    }

    @Test
    void imported_credentials_are_written_verbatim_and_their_login_state_returned() throws Exception {
        long future = NOW.toEpochMilli() + 3_600_000;
        ObjectNode credentials = Json.object();
        credentials.putObject("claudeAiOauth").put("accessToken", "sk-ant-oat01-imported").put("expiresAt", future);
        credentials.put("extra", "kept");

        ObjectNode reply = login.importCredentials(Json.object().set("credentials", credentials));

        assertThat(reply.toString()).isEqualTo("{\"ok\":true,\"loggedIn\":true,\"authMethod\":\"claude.ai\"}");
        assertThat(Json.parse(Files.readAllBytes(credentials()))).isEqualTo(credentials);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
        assertThat(login.status().toString()).isEqualTo("{\"loggedIn\":true,\"authMethod\":\"claude.ai\",\"expiresAt\":"
                + future + ",\"expired\":false,\"apiProvider\":\"firstParty\"}");
    }

    @Test
    void imports_without_an_object_or_an_access_token_are_422s_and_write_nothing() {
        String[] bodies = {"{}", "{\"credentials\":\"x\"}", "{\"credentials\":{}}",
            "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"\"}}}",
            "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":5}}}"};
        for (String body : bodies) {
            assertThatThrownBy(() -> login.importCredentials(Json.parse(body.getBytes(StandardCharsets.UTF_8))))
                    .as(body).isInstanceOfSatisfying(AgentException.class, e ->
                            assertThat(e.reason().status()).isEqualTo(422));
        }
        assertThat(Files.exists(credentials())).isFalse();
    }

    @Test
    void logout_runs_claude_auth_logout_and_removes_the_credentials() throws Exception {
        Path calls = dir.resolve("calls");
        StandIn.script(dir.resolve("bin"), "claude", "echo \"$@ $CLAUDE_CONFIG_DIR\" >> " + calls
                + "\necho 'Logged out on this computer. token sk-ant-oat01-secretsecret'\n");
        Files.writeString(credentials(), "{\"claudeAiOauth\":{\"accessToken\":\"a\"}}");

        ObjectNode reply = login.logout();

        assertThat(Files.readString(calls).strip()).isEqualTo("auth logout " + config.locations().claudeHome());
        assertThat(Files.exists(credentials())).isFalse();
        assertThat(reply.path("ok").asBoolean()).isTrue();
        assertThat(reply.path("stdout").asText()).startsWith("Logged out on this computer.")
                .doesNotContain("secretsecret");
        assertThat(login.status().path("loggedIn").asBoolean()).isFalse();
    }
}
