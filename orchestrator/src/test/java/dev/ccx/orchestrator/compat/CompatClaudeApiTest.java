package dev.ccx.orchestrator.compat;

import static dev.ccx.orchestrator.compat.CompatFixture.body;
import static dev.ccx.orchestrator.compat.CompatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cc-executor-docker's Claude admin endpoints, against the real runner agent of each user. */
class CompatClaudeApiTest {
    @TempDir
    java.nio.file.Path dir;
    CompatFixture f;

    @BeforeEach
    void start() {
        f = new CompatFixture(dir, Map.of());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private JsonNode start(String user) throws Exception {
        HttpResponse<String> r = f.send(f.claudeDir("/admin/oauth/start", user).POST(json("")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return body(r);
    }

    private HttpResponse<String> complete(String user, String sessionId, String code) throws Exception {
        return f.send(f.claudeDir("/admin/oauth/complete", user).POST(json("{\"session_id\":\"" + sessionId
                + "\",\"code\":\"" + code + "\"}")));
    }

    @Test
    void the_predecessors_oauth_flow_logs_in_the_user_named_by_the_config_dir_in_that_users_runner() throws Exception {
        JsonNode started = start("alice");
        assertThat(started.fieldNames()).toIterable().containsExactly("session_id", "url");
        String callback = f.consent(started.path("url").asText(), "alice");

        HttpResponse<String> done = complete("alice", started.path("session_id").asText(), callback);

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode reply = body(done);
        assertThat(reply.fieldNames()).toIterable().containsExactly("ok", "loggedIn", "authMethod", "expiresAt", "scopes");
        assertThat(reply.path("ok").asBoolean()).isTrue();
        assertThat(reply.path("authMethod").asText()).isEqualTo("claude.ai");
        assertThat(Files.readString(f.claudeHome("alice").resolve(".credentials.json")))
                .contains(f.fake.issuedTokens().get(0).accessToken());
        assertThat(f.claudeHome("bob").resolve(".credentials.json")).doesNotExist();
        JsonNode status = body(f.send(f.claudeDir("/admin/status", "alice")));
        assertThat(status.path("loggedIn").asBoolean()).isTrue();
        assertThat(status.path("apiProvider").asText()).isEqualTo("firstParty");
        assertThat(status.path("expiresAt").asLong()).isEqualTo(reply.path("expiresAt").asLong());
        assertThat(status.path("expired").asBoolean()).isFalse();
    }

    @Test
    void the_config_dir_may_come_in_the_body_when_the_header_is_absent() throws Exception {
        JsonNode started = start("alice");
        String callback = f.consent(started.path("url").asText(), "alice");

        HttpResponse<String> done = f.send(f.service("/admin/oauth/complete").POST(json("{\"session_id\":\""
                + started.path("session_id").asText() + "\",\"code\":\"" + callback
                + "\",\"claude_config_dir\":\"/root/.claude/users/alice\"}")));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(f.claudeHome("alice").resolve(".credentials.json")).exists();
    }

    @Test
    void completing_another_users_session_is_403_and_leaves_the_session_to_its_owner() throws Exception {
        JsonNode started = start("alice");
        String callback = f.consent(started.path("url").asText(), "alice");

        HttpResponse<String> stolen = complete("bob", started.path("session_id").asText(), callback);

        assertThat(stolen.statusCode()).isEqualTo(403);
        assertThat(body(stolen).path("error").path("code").asText()).isEqualTo("login_session_forbidden");
        assertThat(f.fake.issuedTokens()).isEmpty();
        assertThat(f.app.backend.volumes).as("bob's runner was never started")
                .doesNotContain(f.volume("bob", VolumeKind.CLAUDE));
        assertThat(complete("alice", started.path("session_id").asText(), callback).statusCode()).isEqualTo(200);
    }

    @Test
    void completion_errors_keep_the_predecessors_status_codes() throws Exception {
        JsonNode started = start("alice");
        String id = started.path("session_id").asText();

        HttpResponse<String> noId = f.send(f.claudeDir("/admin/oauth/complete", "alice").POST(json("{\"code\":\"x\"}")));
        HttpResponse<String> unknown = complete("alice", "no-such-session", "x");
        HttpResponse<String> noCode = complete("alice", id, "");
        HttpResponse<String> mismatch = complete("alice", id, "x#not-the-state");
        HttpResponse<String> rejected = complete("alice", id, "bogus-code");

        assertThat(noId.statusCode()).isEqualTo(422);
        assertThat(body(noId).path("error").path("message").asText()).isEqualTo("session_id is required");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).path("error").path("message").asText()).isEqualTo("login session expired or unknown");
        assertThat(noCode.statusCode()).isEqualTo(422);
        assertThat(body(noCode).path("error").path("message").asText()).isEqualTo("authorization code is required");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(body(mismatch).path("error").path("message").asText())
                .isEqualTo("state mismatch — paste came from a different session");
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(body(rejected).path("ok").asBoolean(true)).isFalse();
        assertThat(body(rejected).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void credentials_are_imported_into_the_named_users_home_only() throws Exception {
        HttpResponse<String> ok = f.send(f.claudeDir("/admin/credentials", "carol").POST(json(
                "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-carol\"}}}")));
        HttpResponse<String> bad = f.send(f.claudeDir("/admin/credentials", "carol").POST(json("{\"credentials\":1}")));
        HttpResponse<String> noToken = f.send(f.claudeDir("/admin/credentials", "carol").POST(json(
                "{\"credentials\":{\"claudeAiOauth\":{}}}")));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"ok\":true,\"loggedIn\":true,\"authMethod\":\"claude.ai\"}");
        assertThat(Files.readString(f.claudeHome("carol").resolve(".credentials.json"))).contains("sk-ant-oat01-carol");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(body(bad).path("error").path("message").asText()).isEqualTo("credentials must be an object");
        assertThat(noToken.statusCode()).isEqualTo(422);
        assertThat(body(noToken).path("error").path("message").asText())
                .isEqualTo("credentials.claudeAiOauth.accessToken missing");
    }

    @Test
    void logout_runs_the_cli_and_removes_the_credentials() throws Exception {
        f.send(f.claudeDir("/admin/credentials", "carol").POST(json(
                "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-carol\"}}}")));

        HttpResponse<String> out = f.send(f.claudeDir("/admin/logout", "carol").POST(json("")));

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("{\"ok\":true,\"stdout\":\"Logged out on this computer.\"}");
        assertThat(f.claudeHome("carol").resolve(".credentials.json")).doesNotExist();
        assertThat(body(f.send(f.claudeDir("/admin/status", "carol"))).path("loggedIn").asBoolean()).isFalse();
    }

    @Test
    void deleting_the_config_dir_removes_only_that_users_claude_volume_and_is_idempotent() throws Exception {
        f.send(f.claudeDir("/admin/status", "dave"));
        f.send(f.claudeDir("/admin/status", "erin"));

        HttpResponse<String> first = f.send(f.claudeDir("/admin/config-dir", "dave").DELETE());
        HttpResponse<String> second = f.send(f.claudeDir("/admin/config-dir", "dave").DELETE());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"ok\":true,\"existed\":true}");
        assertThat(second.body()).isEqualTo("{\"ok\":true,\"existed\":false}");
        assertThat(f.app.backend.volumes).doesNotContain(f.volume("dave", VolumeKind.CLAUDE))
                .contains(f.volume("dave", VolumeKind.CODEX), f.volume("dave", VolumeKind.JOBS),
                        f.volume("erin", VolumeKind.CLAUDE));
    }

    @Test
    void a_delete_must_name_one_users_directory() throws Exception {
        for (String dir : new String[] {"/root/.claude", "/root/.claude/users", "/root/.claude/users/a/b",
            "/root/.claude/users/../users/bob", "relative/users/bob"}) {
            HttpResponse<String> r = f.send(f.service("/admin/config-dir").header("X-Claude-Config-Dir", dir).DELETE());
            assertThat(r.statusCode()).as(dir).isEqualTo(400);
            assertThat(body(r).path("error").path("message").asText()).isEqualTo("invalid config dir for delete");
        }
        HttpResponse<String> none = f.send(f.service("/admin/config-dir").DELETE());
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void every_claude_admin_endpoint_needs_the_service_key_and_refuses_admin_keys_before_reading_the_body()
            throws Exception {
        String[][] endpoints = {{"GET", "/admin/status"}, {"POST", "/admin/oauth/start"},
            {"POST", "/admin/oauth/complete"}, {"POST", "/admin/credentials"}, {"POST", "/admin/logout"},
            {"DELETE", "/admin/config-dir"}};
        for (String[] e : endpoints) {
            HttpResponse<String> none = f.send(f.app.request(e[1]).method(e[0], json("{not json")));
            HttpResponse<String> admin = f.send(f.app.asAdmin(e[1]).header("X-Claude-Config-Dir",
                    "/root/.claude/users/alice").method(e[0], json("{not json")));
            assertThat(none.statusCode()).as(e[1]).isEqualTo(401);
            assertThat(body(none).path("error").path("type").asText()).isEqualTo("authentication_error");
            assertThat(admin.statusCode()).as(e[1]).isEqualTo(403);
            assertThat(body(admin).path("error").path("code").asText()).isEqualTo("wrong_role");
        }
        assertThat(f.app.slots.list()).as("no runner was started for a refused caller").isEmpty();
    }
}
