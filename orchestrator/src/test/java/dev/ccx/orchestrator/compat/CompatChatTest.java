package dev.ccx.orchestrator.compat;

import static dev.ccx.orchestrator.compat.CompatFixture.body;
import static dev.ccx.orchestrator.compat.CompatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.slot.VolumeKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cc-executor-docker's {@code /v1/chat/completions}, {@code /v1/models} and {@code /health} on the orchestrator. */
class CompatChatTest {
    private static final String CLAUDE_CHAT = "{\"model\":\"sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String CODEX_CHAT = "{\"model\":\"codex/default\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]";

    @TempDir
    Path dir;
    CompatFixture f;

    private CompatFixture start(Map<String, String> settings) {
        f = new CompatFixture(dir, settings);
        return f;
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String content(HttpResponse<String> r) throws Exception {
        return body(r).path("choices").path(0).path("message").path("content").asText();
    }

    @Test
    void the_claude_config_dir_header_runs_claude_in_that_users_runner() throws Exception {
        start(Map.of());

        HttpResponse<String> r = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT + "}")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("claude ran with " + f.claudeHome("alice"));
        assertThat(body(r).path("model").asText()).isEqualTo("sonnet");
    }

    @Test
    void the_body_fields_select_the_user_per_provider_when_no_header_is_sent() throws Exception {
        start(Map.of());

        HttpResponse<String> claude = f.send(f.service("/v1/chat/completions").POST(json(CLAUDE_CHAT
                + ",\"claude_config_dir\":\"/root/.claude/users/alice\",\"codex_config_dir\":\"/root/.codex/users/bob\"}")));
        HttpResponse<String> codex = f.send(f.service("/v1/chat/completions").POST(json(CODEX_CHAT
                + ",\"claude_config_dir\":\"/root/.claude/users/alice\",\"codex_config_dir\":\"/root/.codex/users/bob\"}")));

        assertThat(content(claude)).isEqualTo("claude ran with " + f.claudeHome("alice"));
        assertThat(content(codex)).as(codex.body()).isEqualTo("codex ran with " + f.codexHome("bob"));
    }

    @Test
    void the_header_wins_over_the_body_and_must_agree_with_x_ccx_user() throws Exception {
        start(Map.of());

        HttpResponse<String> header = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT
                + ",\"claude_config_dir\":\"/root/.claude/users/bob\"}")));
        HttpResponse<String> agree = f.send(f.claudeDir("/v1/chat/completions", "alice").header("X-CCX-User", "alice")
                .POST(json(CLAUDE_CHAT + "}")));
        HttpResponse<String> disagree = f.send(f.claudeDir("/v1/chat/completions", "alice").header("X-CCX-User", "bob")
                .POST(json(CLAUDE_CHAT + "}")));

        assertThat(content(header)).isEqualTo("claude ran with " + f.claudeHome("alice"));
        assertThat(agree.statusCode()).isEqualTo(200);
        assertThat(disagree.statusCode()).isEqualTo(400);
        assertThat(body(disagree).path("error").path("code").asText()).isEqualTo("config_dir_user_mismatch");
        assertThat(f.app.backend.volumes).as("bob's runner was never started")
                .doesNotContain(f.volume("bob", VolumeKind.CLAUDE));
    }

    @Test
    void hostile_config_dirs_are_refused_before_any_runner_starts() throws Exception {
        start(Map.of());
        for (String dir : new String[] {"/root/.claude/users/alice/x", "/root/.claude/users/../../etc",
            "/root/.claude/users/..", "/root/.claude/projects", "/tmp/x", "users/alice", "/root/.claude/users/al ice",
            "/root/.claude/users/" + "a".repeat(200), "/root/.claude//users/alice", "/root/.claude/users/.alice"}) {
            HttpResponse<String> r = f.send(f.service("/v1/chat/completions").header("X-Claude-Config-Dir", dir)
                    .POST(json(CLAUDE_CHAT + "}")));
            assertThat(r.statusCode()).as(dir).isEqualTo(400);
            assertThat(body(r).path("error").path("message").asText()).as(dir).isEqualTo("invalid CLAUDE_CONFIG_DIR");
        }
        assertThat(f.app.slots.list()).isEmpty();
    }

    @Test
    void cwd_and_add_dirs_outside_the_users_jobs_are_refused_as_the_predecessor_did_not() throws Exception {
        start(Map.of());

        HttpResponse<String> cwd = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT
                + ",\"cwd\":\"/root/.claude/users/bob\"}")));
        HttpResponse<String> addDirs = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT
                + ",\"add_dirs\":[\"/home/runner/.claude\"]}")));
        HttpResponse<String> escape = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT
                + ",\"cwd\":\"../home/runner/.claude\"}")));

        for (HttpResponse<String> r : java.util.List.of(cwd, addDirs, escape)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(body(r).path("error").path("code").asText()).isEqualTo("invalid_path");
        }
    }

    @Test
    void the_shared_default_dir_is_refused_without_a_default_user() throws Exception {
        start(Map.of());

        HttpResponse<String> claude = f.send(f.service("/v1/chat/completions").header("X-Claude-Config-Dir",
                "/root/.claude").POST(json(CLAUDE_CHAT + "}")));
        HttpResponse<String> codex = f.send(f.service("/v1/models").header("X-Codex-Config-Dir", "/root/.codex/"));
        HttpResponse<String> nothing = f.send(f.service("/v1/chat/completions").POST(json(CLAUDE_CHAT + "}")));

        assertThat(claude.statusCode()).isEqualTo(400);
        assertThat(body(claude).path("error").path("message").asText()).isEqualTo("CLAUDE_USER_CONFIG_DIR_REQUIRED");
        assertThat(codex.statusCode()).isEqualTo(400);
        assertThat(body(codex).path("error").path("message").asText()).isEqualTo("CODEX_USER_CONFIG_DIR_REQUIRED");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(body(nothing).path("error").path("code").asText()).isEqualTo("missing_user");
    }

    @Test
    void the_shared_default_dir_and_no_dir_at_all_map_to_the_configured_default_user() throws Exception {
        start(Map.of("CCX_COMPAT_DEFAULT_USER", "shared"));

        HttpResponse<String> explicit = f.send(f.service("/v1/chat/completions").header("X-Claude-Config-Dir",
                "/root/.claude").POST(json(CLAUDE_CHAT + "}")));
        HttpResponse<String> implicit = f.send(f.service("/v1/chat/completions").POST(json(CLAUDE_CHAT + "}")));
        HttpResponse<String> status = f.send(f.service("/admin/codex/status"));

        assertThat(content(explicit)).isEqualTo("claude ran with " + f.claudeHome("shared"));
        assertThat(content(implicit)).isEqualTo("claude ran with " + f.claudeHome("shared"));
        assertThat(body(status).path("codexHome").asText()).isEqualTo("/root/.codex");
    }

    @Test
    void models_are_listed_for_the_user_of_the_codex_dir() throws Exception {
        start(Map.of());

        HttpResponse<String> r = f.send(f.codexDir("/v1/models", "bob"));
        HttpResponse<String> invalid = f.send(f.service("/v1/models").header("X-Codex-Config-Dir", "/etc"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).path("object").asText()).isEqualTo("list");
        assertThat(body(r).path("data").path(0).path("id").asText()).isEqualTo("opus[1m]");
        assertThat(f.app.backend.volumes).contains(f.volume("bob", VolumeKind.CODEX));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(body(invalid).path("error").path("message").asText()).isEqualTo("invalid CODEX_HOME");
    }

    @Test
    void health_needs_no_key_and_unknown_admin_paths_get_a_json_404() throws Exception {
        start(Map.of());

        HttpResponse<String> health = f.send(f.app.request("/health"));
        HttpResponse<String> unknown = f.send(f.service("/admin/oauth/refresh").POST(json("{}")));
        HttpResponse<String> wrongMethod = f.send(f.service("/admin/oauth/start"));

        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(body(unknown).path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(body(wrongMethod).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void with_per_user_login_required_a_user_who_has_not_logged_in_gets_403_auth_required() throws Exception {
        start(Map.of("CCX_REQUIRE_USER_LOGIN", "true", "CCX_RUNNER_ENV_ANTHROPIC_API_KEY", "sk-ant-shared-key"));

        HttpResponse<String> before = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT + "}")));
        HttpResponse<String> codex = f.send(f.codexDir("/v1/chat/completions", "alice").POST(json(CODEX_CHAT + "}")));
        f.send(f.claudeDir("/admin/credentials", "alice").POST(json(
                "{\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-alice\"}}}")));
        HttpResponse<String> after = f.send(f.claudeDir("/v1/chat/completions", "alice").POST(json(CLAUDE_CHAT + "}")));

        assertThat(before.statusCode()).isEqualTo(403);
        assertThat(body(before).path("error").path("code").asText()).isEqualTo("CLAUDE_AUTH_REQUIRED");
        assertThat(body(before).path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(codex.statusCode()).isEqualTo(403);
        assertThat(body(codex).path("error").path("code").asText()).isEqualTo("CODEX_AUTH_REQUIRED");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }
}
