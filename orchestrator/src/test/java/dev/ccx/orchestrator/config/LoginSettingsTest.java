package dev.ccx.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginSettingsTest {

    private static Map<String, String> shared() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_RUNNER_ENV_ANTHROPIC_BASE_URL", "http://gateway:8080");
        env.put("CCX_RUNNER_ENV_ANTHROPIC_API_KEY", "sk-ant-shared");
        env.put("CCX_RUNNER_ENV_OPENAI_API_KEY", "sk-shared");
        env.put("CCX_RUNNER_ENV_FAKE_KEY", "provider-key");
        env.put("CCX_CODEX_CONFIG", "[\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\"]");
        return env;
    }

    private static Map<String, String> agentEnv(Map<String, String> env) {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(env);
        return new RunnerSpecs(config, PolicyLoader.load(Optional.empty()), new SlotNames("t"), () -> "sha256:x")
                .specFor(new UserId("alice")).env();
    }

    @Test
    void the_defaults_are_claudes_public_client_no_login_requirement_and_no_default_user() {
        LoginSettings logins = OrchestratorConfig.fromEnv(Map.of()).logins();

        assertThat(logins).isEqualTo(LoginSettings.DEFAULTS);
        assertThat(logins.agentEnv()).containsExactly(Map.entry("CCX_REQUIRE_USER_LOGIN", "false"),
                Map.entry("CCX_CLAUDE_OAUTH_AUTHORIZE_URL", "https://claude.ai/oauth/authorize"),
                Map.entry("CCX_CLAUDE_OAUTH_TOKEN_URL", "https://console.anthropic.com/v1/oauth/token"),
                Map.entry("CCX_CLAUDE_OAUTH_CLIENT_ID", "9d1c250a-e61b-44d9-88ed-5944d1962f5e"));
    }

    @Test
    void runners_get_the_login_endpoints_the_operator_configured() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_CLAUDE_OAUTH_TOKEN_URL", "http://fake:9/v1/oauth/token");
        env.put("CCX_CODEX_LOGIN_ISSUER", "http://fake:9");

        assertThat(agentEnv(env)).containsEntry("CCX_CLAUDE_OAUTH_TOKEN_URL", "http://fake:9/v1/oauth/token")
                .containsEntry("CCX_CODEX_LOGIN_ISSUER", "http://fake:9");
    }

    @Test
    void without_the_requirement_the_operators_shared_keys_reach_the_runner() {
        assertThat(agentEnv(shared())).containsKeys("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "FAKE_KEY")
                .containsEntry("CCX_REQUIRE_USER_LOGIN", "false");
    }

    @Test
    void requiring_user_login_keeps_every_shared_credential_out_of_the_runner_container() {
        Map<String, String> env = shared();
        env.put("CCX_REQUIRE_USER_LOGIN", "true");

        Map<String, String> agent = agentEnv(env);

        assertThat(agent).containsEntry("CCX_REQUIRE_USER_LOGIN", "true")
                .containsEntry("ANTHROPIC_BASE_URL", "http://gateway:8080")
                .doesNotContainKeys("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "FAKE_KEY");
        assertThat(agent.values()).noneMatch(v -> v.contains("sk-ant-shared") || v.contains("provider-key"));
        assertThat(agent.get("CCX_CLI_ENV")).isEqualTo("ANTHROPIC_BASE_URL");
    }

    @Test
    void bad_settings_are_reported_together() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_REQUIRE_USER_LOGIN", "sometimes");
        env.put("CCX_CLAUDE_OAUTH_TOKEN_URL", "not a url");
        env.put("CCX_CODEX_LOGIN_ISSUER", "file:///etc/passwd");
        env.put("CCX_COMPAT_DEFAULT_USER", "../root");

        assertThatThrownBy(() -> OrchestratorConfig.fromEnv(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("CCX_REQUIRE_USER_LOGIN").contains("CCX_CLAUDE_OAUTH_TOKEN_URL")
                        .contains("CCX_CODEX_LOGIN_ISSUER").contains("CCX_COMPAT_DEFAULT_USER"));
    }

    @Test
    void the_compat_default_user_is_a_valid_user_id() {
        assertThat(OrchestratorConfig.fromEnv(Map.of("CCX_COMPAT_DEFAULT_USER", "shared-slot")).logins()
                .compatDefaultUser()).contains("shared-slot");
    }
}
