package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.runner.testing.AgentClient;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login routes and the per-user login requirement, through the agent's HTTP server. */
class LoginHttpTest {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @TempDir
    Path dir;

    private FakeModelServer fake;
    private AgentServer server;

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        fake.close();
    }

    /** The agent with stand-in CLIs that record their environment in env-claude.txt / env-codex.txt. */
    private AgentClient start(String... env) throws Exception {
        TestConfig config = TestConfig.in(dir)
                .with("CCX_CLAUDE_OAUTH_AUTHORIZE_URL", fake.baseUrl() + "/oauth/authorize")
                .with("CCX_CLAUDE_OAUTH_TOKEN_URL", fake.baseUrl() + "/v1/oauth/token")
                .with("CCX_CLAUDE_BIN", dir.resolve("bin/claude").toString())
                .with("CCX_CODEX_BIN", dir.resolve("bin/codex").toString())
                .with("CCX_CLI_ENV", "ANTHROPIC_API_KEY,OPENAI_API_KEY,ANTHROPIC_BASE_URL")
                .with("ANTHROPIC_API_KEY", "sk-ant-shared-operator-key").with("OPENAI_API_KEY", "sk-shared-openai")
                .with("ANTHROPIC_BASE_URL", "http://gateway.test");
        for (int i = 0; i < env.length; i += 2) {
            config.with(env[i], env[i + 1]);
        }
        StandIn.script(dir.resolve("bin"), "claude", "env > \"$(dirname \"$0\")/env-claude.txt\"\n"
                + StandIn.echo(StandIn.claudeResult("ran", 1, 1)));
        StandIn.script(dir.resolve("bin"), "codex", "env > \"$(dirname \"$0\")/env-codex.txt\"\n");
        server = AgentServer.start(config.build());
        return new AgentClient("127.0.0.1", server.port());
    }

    private String consent(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "&fake_user=alice")).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
    }

    @Test
    void a_claude_login_through_http_ends_in_a_credentials_file_and_a_logged_in_status() throws Exception {
        AgentClient client = start();
        AgentClient.Reply started = client.post("/v1/login/claude/start", "");
        String id = started.body().path("session_id").asText();

        AgentClient.Reply done = client.post("/v1/login/claude/complete", "{\"session_id\":\"" + id + "\",\"code\":\""
                + consent(started.body().path("url").asText()) + "\"}");

        assertThat(started.status()).isEqualTo(200);
        assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
        assertThat(done.body().path("ok").asBoolean()).isTrue();
        assertThat(Files.exists(dir.resolve("home/.claude/.credentials.json"))).isTrue();
        AgentClient.Reply status = client.get("/v1/login/claude/status");
        assertThat(status.body().path("loggedIn").asBoolean()).isTrue();
        assertThat(client.post("/v1/login/claude/logout", "").body().path("ok").asBoolean()).isTrue();
    }

    @Test
    void a_failed_exchange_answers_ok_false_with_the_error_shape_and_an_unknown_session_a_plain_404() throws Exception {
        AgentClient client = start();
        String id = client.post("/v1/login/claude/start", "").body().path("session_id").asText();

        AgentClient.Reply failed = client.post("/v1/login/claude/complete", "{\"session_id\":\"" + id
                + "\",\"code\":\"bogus\"}");
        AgentClient.Reply unknown = client.post("/v1/login/claude/complete", "{\"session_id\":\"nope\",\"code\":\"x\"}");
        AgentClient.Reply missing = client.post("/v1/login/codex/complete", "{}");

        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.body().path("ok").isBoolean()).isTrue();
        assertThat(failed.body().path("ok").asBoolean()).isFalse();
        assertThat(failed.body().path("error").path("code").asText()).isEqualTo("login_failed");
        assertThat(failed.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().has("ok")).isFalse();
        assertThat(unknown.body().path("error").path("code").asText()).isEqualTo("login_session_unknown");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().path("error").path("message").asText()).isEqualTo("session_id is required");
    }

    @Test
    void every_login_route_is_served_with_its_method() throws Exception {
        AgentClient client = start();

        for (String provider : new String[] {"claude", "codex"}) {
            assertThat(client.get("/v1/login/" + provider + "/status").status()).isEqualTo(200);
            assertThat(client.post("/v1/login/" + provider + "/credentials", "{}").status()).isEqualTo(422);
            assertThat(client.post("/v1/login/" + provider + "/logout", "").status()).isEqualTo(200);
            assertThat(client.get("/v1/login/" + provider + "/start").status()).isEqualTo(405);
        }
        assertThat(client.post("/v1/login/codex/start", "").status()).as("the stand-in prints no code")
                .isEqualTo(500);
    }

    @Test
    void with_login_required_a_shared_key_neither_counts_as_a_login_nor_reaches_the_cli() throws Exception {
        AgentClient client = start("CCX_REQUIRE_USER_LOGIN", "true");

        AgentClient.Reply claude = client.post("/v1/chat/completions", HI + "}");
        AgentClient.Reply codex = client.post("/v1/chat/completions", HI + ",\"model\":\"codex/default\"}");
        AgentClient.Reply status = client.get("/v1/auth/status");

        assertThat(claude.status()).isEqualTo(403);
        assertThat(claude.body().path("error").path("code").asText()).isEqualTo("CLAUDE_AUTH_REQUIRED");
        assertThat(claude.body().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(codex.status()).isEqualTo(403);
        assertThat(codex.body().path("error").path("code").asText()).isEqualTo("CODEX_AUTH_REQUIRED");
        assertThat(status.body().path("claude").path("loggedIn").asBoolean()).isFalse();
        assertThat(status.body().path("codex").path("loggedIn").asBoolean()).isFalse();
        assertThat(Files.exists(dir.resolve("bin/env-claude.txt"))).as("no CLI ran").isFalse();

        client.post("/v1/login/claude/credentials", "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":"
                + "\"sk-ant-oat01-alice\"}}}");
        AgentClient.Reply after = client.post("/v1/chat/completions", HI + "}");

        assertThat(after.status()).as(after.body().toString()).isEqualTo(200);
        String env = Files.readString(dir.resolve("bin/env-claude.txt"));
        assertThat(env).contains("ANTHROPIC_BASE_URL=http://gateway.test").doesNotContain("sk-ant-shared-operator-key")
                .doesNotContain("sk-shared-openai").doesNotContain("ANTHROPIC_API_KEY");
    }

    @Test
    void without_the_requirement_the_operators_key_still_serves_users_who_never_logged_in() throws Exception {
        AgentClient client = start();

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + "}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("bin/env-claude.txt"))).contains("ANTHROPIC_API_KEY=");
        assertThat(client.get("/v1/login/claude/status").body().path("authMethod").asText()).isEqualTo("api_key");
    }
}
