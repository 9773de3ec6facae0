package dev.ccx.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrchestratorConfigTest {
    private static final String SERVICE_KEY = "svc-secret-value-0123456789";
    private static final String ADMIN_KEY = "adm-secret-value-0123456789";
    private static final String HMAC_SECRET = "hmac-secret-value-0123456789-0123456789";

    @Test
    void an_empty_environment_starts_with_working_defaults() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of());

        assertThat(config.listenHost()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/ccx"));
        assertThat(config.serviceKeys()).isEmpty();
        assertThat(config.adminKeys()).isEmpty();
        assertThat(config.jwt().enabled()).isFalse();
        assertThat(config.instance()).isEqualTo("default");
        assertThat(config.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(config.runnerImage()).isEqualTo("ccx-runner:latest");
        assertThat(config.runnerNetwork()).isEqualTo("ccx-runners");
        assertThat(config.runnerEnv()).isEmpty();
        assertThat(config.codexConfig()).isEmpty();
        assertThat(config.policyFile()).isEmpty();
        assertThat(config.maxRunningSlots()).isEqualTo(50);
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.reapInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void blank_variables_count_as_unset() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of("CCX_PORT", "  ", "CCX_INSTANCE", ""));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.instance()).isEqualTo("default");
    }

    @Test
    void every_setting_can_be_given_in_operator_friendly_units() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of(
                "CCX_PORT", "9090", "CCX_INSTANCE", "prod-eu1", "CCX_SERVICE_KEYS", SERVICE_KEY + ", " + ADMIN_KEY + "x",
                "CCX_MAX_RUNNING_SLOTS", "7", "CCX_READY_TIMEOUT", "1500ms", "CCX_REAP_INTERVAL", "PT2M",
                "CCX_POLICY_FILE", "/etc/ccx/policy.yaml", "CCX_RUNNER_EXTRA_HOSTS", "a:1.2.3.4,,b:host-gateway"));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.instance()).isEqualTo("prod-eu1");
        assertThat(config.serviceKeys()).containsExactly(SERVICE_KEY, ADMIN_KEY + "x");
        assertThat(config.maxRunningSlots()).isEqualTo(7);
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.reapInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.policyFile()).contains(Path.of("/etc/ccx/policy.yaml"));
        assertThat(config.runnerExtraHosts()).containsExactly("a:1.2.3.4", "b:host-gateway");
    }

    @Test
    void every_bad_variable_is_reported_at_once_each_naming_its_variable() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_PORT", "http");
        env.put("CCX_MAX_RUNNING_SLOTS", "0");
        env.put("CCX_READY_TIMEOUT", "soon");
        env.put("CCX_INSTANCE", "Prod_1");
        env.put("CCX_SERVICE_KEYS", "short");
        env.put("CCX_JWT_HMAC_SECRET", "too-short");
        env.put("CCX_JWT_PUBLIC_KEY", "/nonexistent/jwt.pem");
        env.put("CCX_CODEX_CONFIG", "not json");
        env.put("CCX_RUNNER_ENV_CCX_TLS_KEY", "x");
        env.put("CCX_RUNNER_IMAGE", "fine:1.0");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(env));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactlyInAnyOrder(
                "CCX_PORT", "CCX_MAX_RUNNING_SLOTS", "CCX_READY_TIMEOUT", "CCX_INSTANCE", "CCX_SERVICE_KEYS",
                "CCX_JWT_HMAC_SECRET", "CCX_JWT_PUBLIC_KEY", "CCX_CODEX_CONFIG", "CCX_RUNNER_ENV_CCX_TLS_KEY");
        assertThat(e.getMessage()).contains(e.problems());
    }

    @Test
    void durations_that_would_break_the_service_are_reported_with_the_rest_not_thrown_alone() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(Map.of(
                "CCX_JWT_MAX_LIFETIME", "0s", "CCX_REAP_INTERVAL", "0ms", "CCX_READY_TIMEOUT", "PT-5S",
                "CCX_PORT", "70000")));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactlyInAnyOrder(
                "CCX_JWT_MAX_LIFETIME", "CCX_REAP_INTERVAL", "CCX_READY_TIMEOUT", "CCX_PORT");
    }

    @Test
    void neither_to_string_nor_problems_ever_show_a_key_or_secret() {
        Map<String, String> env = Map.of("CCX_SERVICE_KEYS", SERVICE_KEY, "CCX_ADMIN_KEYS", ADMIN_KEY,
                "CCX_JWT_HMAC_SECRET", HMAC_SECRET, "CCX_RUNNER_ENV_ANTHROPIC_API_KEY", "sk-ant-runner-secret");

        String shown = OrchestratorConfig.fromEnv(env).toString();

        assertThat(shown).doesNotContain(SERVICE_KEY, ADMIN_KEY, HMAC_SECRET, "sk-ant-runner-secret")
                .contains("ANTHROPIC_API_KEY", "serviceKeys=1", "adminKeys=1", "hmac=set");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(Map.of(
                "CCX_SERVICE_KEYS", SERVICE_KEY + ",tiny-secret", "CCX_ADMIN_KEYS", "adm-tiny",
                "CCX_JWT_HMAC_SECRET", "hmac-tiny-secret")));
        assertThat(e.getMessage()).doesNotContain(SERVICE_KEY, "tiny-secret", "adm-tiny", "hmac-tiny-secret");
        assertThat(e.problems()).hasSize(3);
    }

    @Test
    void runner_environment_is_collected_from_prefixed_variables() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of(
                "CCX_RUNNER_ENV_ANTHROPIC_BASE_URL", "http://model:8080", "CCX_RUNNER_ENV_https_proxy", "http://p:3128",
                "CCX_RUNNER_ENV_", "ignored", "ANTHROPIC_BASE_URL", "not-for-runners"));

        assertThat(config.runnerEnv()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ANTHROPIC_BASE_URL", "http://model:8080", "https_proxy", "http://p:3128"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CCX_TLS_KEY", "CCX_CLI_ENV", "1ABC", "A-B", "A B", "A.B", "PATH=X", "É"})
    void runner_environment_names_that_are_malformed_or_ccx_prefixed_are_refused(String name) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> OrchestratorConfig.fromEnv(Map.of("CCX_RUNNER_ENV_" + name, "value")));

        assertThat(e.problems()).containsExactly("CCX_RUNNER_ENV_" + name + ": not an allowed environment variable name");
    }

    @Test
    void codex_config_is_a_json_array_of_key_value_lines() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of("CCX_CODEX_CONFIG",
                "[\"model_provider=\\\"fake\\\"\", \"sandbox_workspace_write.network_access=true\"]"));

        assertThat(config.codexConfig())
                .containsExactly("model_provider=\"fake\"", "sandbox_workspace_write.network_access=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"a\":\"b\"}", "\"a=b\"", "[\"no-equals-sign\"]", "[\"a=b\\nc=d\"]",
            "[null]", "[1]", "[[\"a=b\"]]", "[\"a=b\"", "[\"a=b\"], [\"c=d\"]"})
    void codex_config_that_is_not_an_array_of_key_value_lines_is_refused(String raw) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> OrchestratorConfig.fromEnv(Map.of("CCX_CODEX_CONFIG", raw)));

        assertThat(e.problems()).singleElement().asString().startsWith("CCX_CODEX_CONFIG: ");
    }

    @Test
    void jwt_settings_come_from_their_variables_and_a_public_key_may_be_a_file(@TempDir Path dir) throws Exception {
        String pem = ecPublicKeyPem();
        Path file = Files.writeString(dir.resolve("jwt.pem"), pem);

        JwtSettings jwt = OrchestratorConfig.fromEnv(Map.of("CCX_JWT_PUBLIC_KEY", file.toString(),
                "CCX_JWT_ISSUER", "https://app.example", "CCX_JWT_AUDIENCE", "ccx", "CCX_JWT_MAX_LIFETIME", "2h",
                "CCX_JWT_CLOCK_SKEW", "5s")).jwt();

        assertThat(jwt.enabled()).isTrue();
        assertThat(jwt.publicKeyPem()).contains(pem);
        assertThat(jwt.hmacSecret()).isEmpty();
        assertThat(jwt.issuer()).contains("https://app.example");
        assertThat(jwt.audience()).isEqualTo(Optional.of("ccx"));
        assertThat(jwt.maxLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_public_key_that_is_not_a_usable_pem_is_reported_with_the_other_problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(Map.of(
                "CCX_JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----",
                "CCX_PORT", "-1")));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactlyInAnyOrder("CCX_JWT_PUBLIC_KEY", "CCX_PORT");
    }

    @Test
    void keys_must_each_be_long_enough_to_resist_guessing() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(Map.of(
                "CCX_ADMIN_KEYS", ADMIN_KEY + ",fifteen-chars-x")));

        assertThat(e.problems()).containsExactly("CCX_ADMIN_KEYS: every key must be at least 16 characters");
        assertThat(OrchestratorConfig.fromEnv(Map.of("CCX_ADMIN_KEYS", "sixteen-chars-xx")).adminKeys())
                .isEqualTo(List.of("sixteen-chars-xx"));
    }

    @Test
    void one_key_cannot_hold_both_roles_and_the_refusal_does_not_show_it() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(Map.of(
                "CCX_SERVICE_KEYS", SERVICE_KEY, "CCX_ADMIN_KEYS", ADMIN_KEY + "," + SERVICE_KEY)));

        assertThat(e.problems()).containsExactly(
                "CCX_ADMIN_KEYS: a key cannot be both an admin key and a service key (CCX_SERVICE_KEYS)");
        assertThat(e.getMessage()).doesNotContain(SERVICE_KEY);
    }

    private static String ecPublicKeyPem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        byte[] der = generator.generateKeyPair().getPublic().getEncoded();
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
