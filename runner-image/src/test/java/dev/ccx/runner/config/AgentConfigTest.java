package dev.ccx.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.Provider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static Map<String, String> dev() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_DEV_PLAIN_HTTP", "true");
        return env;
    }

    @Test
    void the_zero_config_development_start_uses_the_documented_defaults() {
        AgentConfig c = AgentConfig.fromEnvironment(dev());

        assertThat(c.plainHttp()).isTrue();
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.limits().defaultTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.limits().maxTimeout()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(c.limits().retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.allowedProviders()).containsExactlyInAnyOrder(Provider.CLAUDE, Provider.CODEX);
        assertThat(c.allowedSandboxes()).containsExactlyInAnyOrder(CodexSandbox.values());
        assertThat(c.locations().jobsDir()).isEqualTo(Path.of("/jobs"));
        assertThat(c.locations().workDir()).isEqualTo(Path.of("/tmp/ccx"));
        assertThat(c.locations().claudeHome()).isEqualTo(Path.of("/home/runner/.claude"));
        assertThat(c.cli().codexDefaultModel()).isEqualTo("gpt-5.5");
        assertThat(c.cli().codexModels()).isEqualTo(AgentConfig.DEFAULT_CODEX_MODELS);
    }

    @Test
    void every_bad_variable_is_reported_at_once() {
        Map<String, String> env = dev();
        env.put("CCX_PORT", "http");
        env.put("CCX_MAX_TIMEOUT_SECONDS", "0");
        env.put("CCX_ALLOWED_PROVIDERS", "claude,gemini");
        env.put("CCX_ALLOWED_SANDBOXES", "none");
        env.put("CCX_JOBS_DIR", "relative/jobs");
        env.put("CCX_CODEX_CONFIG", "{\"a\":1}");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(6)
                        .anyMatch(p -> p.startsWith("CCX_PORT"))
                        .anyMatch(p -> p.startsWith("CCX_MAX_TIMEOUT_SECONDS"))
                        .anyMatch(p -> p.contains("gemini"))
                        .anyMatch(p -> p.startsWith("CCX_ALLOWED_SANDBOXES"))
                        .anyMatch(p -> p.startsWith("CCX_JOBS_DIR"))
                        .anyMatch(p -> p.startsWith("CCX_CODEX_CONFIG")));
    }

    @Test
    void the_jobs_quota_is_a_number_of_bytes_and_unlimited_when_absent() {
        Map<String, String> env = dev();
        assertThat(AgentConfig.fromEnvironment(env).limits().jobsQuotaBytes()).isEmpty();

        env.put("CCX_JOBS_QUOTA_BYTES", "5242880");
        assertThat(AgentConfig.fromEnvironment(env).limits().jobsQuotaBytes()).hasValue(5_242_880L);

        env.put("CCX_JOBS_QUOTA_BYTES", "5m");
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().asString().startsWith("CCX_JOBS_QUOTA_BYTES"));
    }

    @Test
    void missing_tls_material_stops_the_start_unless_plain_http_is_requested() {
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("CCX_SLOT", "alice")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CCX_TLS_CERT")
                .hasMessageContaining("CCX_TLS_KEY")
                .hasMessageContaining("CCX_TLS_CA")
                .hasMessageContaining("CCX_DEV_PLAIN_HTTP");
    }

    @Test
    void with_a_terminator_the_tls_material_goes_to_it_unparsed_and_plain_http_still_wins() {
        Map<String, String> env = pemShapedButInvalid();
        env.put("CCX_TLS_TERMINATOR", "/usr/bin/stunnel4");

        AgentConfig c = AgentConfig.fromEnvironment(env);

        assertThat(c.plainHttp()).isFalse();
        assertThat(c.serving()).isInstanceOfSatisfying(Serving.Terminated.class, t -> {
            assertThat(t.settings().binary()).isEqualTo(Path.of("/usr/bin/stunnel4"));
            assertThat(t.settings().clientName()).isEqualTo("ccx-orchestrator");
        });
        assertThat(c.toString()).doesNotContain("secret-key-body");

        env.put("CCX_BIND", "0.0.0.0\n[other]");
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CCX_BIND: an IP address is required");
        env.remove("CCX_BIND");

        env.put("CCX_TLS_TERMINATOR", "stunnel4");
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CCX_TLS_TERMINATOR: an absolute path is required");

        env.put("CCX_DEV_PLAIN_HTTP", "true");
        assertThat(AgentConfig.fromEnvironment(env).serving()).isInstanceOf(Serving.PlainHttp.class);
    }

    @Test
    void without_a_terminator_the_jvm_does_tls_and_checks_the_material_at_start() {
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(pemShapedButInvalid()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CCX_TLS_CERT");
    }

    @Test
    void whether_the_jvm_serves_tls_is_read_as_the_configuration_reads_it() {
        assertThat(AgentConfig.jvmServesTls(Map.of())).isTrue();
        assertThat(AgentConfig.jvmServesTls(Map.of("CCX_TLS_TERMINATOR", " "))).isTrue();
        assertThat(AgentConfig.jvmServesTls(Map.of("CCX_TLS_TERMINATOR", "/usr/bin/stunnel4"))).isFalse();
        assertThat(AgentConfig.jvmServesTls(Map.of("CCX_DEV_PLAIN_HTTP", "yes"))).isFalse();
    }

    /** TLS variables that look like PEM but hold no valid certificate or key. */
    private static Map<String, String> pemShapedButInvalid() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_TLS_CERT", "-----BEGIN CERTIFICATE-----\nnot parsed here\n-----END CERTIFICATE-----");
        env.put("CCX_TLS_KEY", "-----BEGIN PRIVATE KEY-----\nsecret-key-body\n-----END PRIVATE KEY-----");
        env.put("CCX_TLS_CA", "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----");
        return env;
    }

    @Test
    void a_default_timeout_above_the_cap_is_refused() {
        Map<String, String> env = dev();
        env.put("CCX_DEFAULT_TIMEOUT_SECONDS", "700");
        env.put("CCX_MAX_TIMEOUT_SECONDS", "600");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).hasMessageContaining("CCX_DEFAULT_TIMEOUT_SECONDS");
    }

    @Test
    void the_agents_own_variables_can_never_be_passed_to_a_cli() {
        Map<String, String> env = dev();
        env.put("CCX_CLI_ENV", "ANTHROPIC_API_KEY,CCX_TLS_KEY,bad-name");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                        .anyMatch(p -> p.contains("CCX_TLS_KEY"))
                        .anyMatch(p -> p.contains("bad-name")));
    }

    @Test
    void pass_through_variables_carry_their_values_but_never_print_them() {
        Map<String, String> env = dev();
        env.put("CCX_CLI_ENV", "ANTHROPIC_API_KEY, HTTPS_PROXY,UNSET_ONE");
        env.put("ANTHROPIC_API_KEY", "sk-ant-secret-value");
        env.put("HTTPS_PROXY", "http://proxy:3128");

        AgentConfig c = AgentConfig.fromEnvironment(env);

        assertThat(c.cli().passThrough()).containsOnly(
                Map.entry("ANTHROPIC_API_KEY", "sk-ant-secret-value"), Map.entry("HTTPS_PROXY", "http://proxy:3128"));
        assertThat(c.toString()).contains("ANTHROPIC_API_KEY").doesNotContain("sk-ant-secret-value");
    }

    @Test
    void codex_overrides_are_read_from_a_json_array() {
        Map<String, String> env = dev();
        env.put("CCX_CODEX_CONFIG", "[\"model_provider=fake\",\"model_providers.fake.wire_api=\\\"responses\\\"\"]");

        assertThat(AgentConfig.fromEnvironment(env).cli().codexConfig())
                .containsExactly("model_provider=fake", "model_providers.fake.wire_api=\"responses\"");
    }

    @Test
    void a_codex_override_without_a_key_is_refused() {
        Map<String, String> env = dev();
        env.put("CCX_CODEX_CONFIG", "[\"=x\"]");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).hasMessageContaining("key=value");
    }

    @Test
    void a_codex_default_outside_the_catalogue_is_refused_instead_of_listed_and_rejected() {
        Map<String, String> env = dev();
        env.put("CCX_CODEX_DEFAULT_MODEL", "gpt-5.2-codex");

        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).hasMessageContaining("CCX_CODEX_DEFAULT_MODEL");
    }

    @Test
    void an_empty_provider_list_allows_no_provider() {
        Map<String, String> env = dev();
        env.put("CCX_ALLOWED_PROVIDERS", "");

        assertThat(AgentConfig.fromEnvironment(env).allowedProviders()).isEmpty();
    }
}
