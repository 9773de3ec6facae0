package dev.ccx.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginSettingsTest {

    private static Map<String, String> dev() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_DEV_PLAIN_HTTP", "true");
        env.put("CCX_CLI_ENV", "ANTHROPIC_API_KEY,ANTHROPIC_AUTH_TOKEN,OPENAI_API_KEY,CODEX_API_KEY,FAKE_KEY,"
                + "ANTHROPIC_BASE_URL");
        env.put("ANTHROPIC_API_KEY", "sk-ant-shared");
        env.put("ANTHROPIC_AUTH_TOKEN", "shared-token");
        env.put("OPENAI_API_KEY", "sk-shared");
        env.put("CODEX_API_KEY", "sk-shared-codex");
        env.put("FAKE_KEY", "provider-key");
        env.put("ANTHROPIC_BASE_URL", "http://gateway:8080");
        env.put("CCX_CODEX_CONFIG", "[\"model_provider=\\\"fake\\\"\",\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\","
                + "\"model_providers.fake.requires_openai_auth=true\"]");
        return env;
    }

    @Test
    void the_defaults_are_claudes_public_oauth_client_and_no_login_requirement() {
        LoginSettings login = AgentConfig.fromEnvironment(Map.of("CCX_DEV_PLAIN_HTTP", "true")).login();

        assertThat(login).isEqualTo(new LoginSettings("https://claude.ai/oauth/authorize",
                "https://console.anthropic.com/v1/oauth/token", "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
                Optional.empty(), false));
    }

    @Test
    void without_the_requirement_shared_keys_reach_the_clis_as_configured() {
        AgentConfig c = AgentConfig.fromEnvironment(dev());

        assertThat(c.cli().passThrough()).containsKeys("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "FAKE_KEY");
        assertThat(c.cli().codexConfig()).hasSize(3);
    }

    @Test
    void requiring_user_login_drops_every_shared_credential_and_the_codex_providers_key_variable() {
        Map<String, String> env = dev();
        env.put("CCX_REQUIRE_USER_LOGIN", "true");

        AgentConfig c = AgentConfig.fromEnvironment(env);

        assertThat(c.login().requireUserLogin()).isTrue();
        assertThat(c.cli().passThrough()).containsOnlyKeys("ANTHROPIC_BASE_URL");
        assertThat(c.cli().codexConfig()).containsExactly("model_provider=\"fake\"",
                "model_providers.fake.requires_openai_auth=true");
    }

    @Test
    void a_literal_codex_bearer_token_is_refused_when_user_login_is_required() {
        Map<String, String> env = dev();
        env.put("CCX_REQUIRE_USER_LOGIN", "true");
        env.put("CCX_CODEX_CONFIG", "[\"model_providers.fake.experimental_bearer_token=\\\"sk-x\\\"\"]");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).hasMessageContaining("bearer token");
    }

    @Test
    void login_urls_must_be_absolute_http_urls() {
        Map<String, String> env = new HashMap<>(Map.of("CCX_DEV_PLAIN_HTTP", "true",
                "CCX_CLAUDE_OAUTH_TOKEN_URL", "/v1/oauth/token", "CCX_CODEX_LOGIN_ISSUER", "ftp://x",
                "CCX_REQUIRE_USER_LOGIN", "maybe"));

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).hasSize(3)
                        .anyMatch(p -> p.startsWith("CCX_CLAUDE_OAUTH_TOKEN_URL"))
                        .anyMatch(p -> p.startsWith("CCX_CODEX_LOGIN_ISSUER"))
                        .anyMatch(p -> p.startsWith("CCX_REQUIRE_USER_LOGIN")));
    }
}
