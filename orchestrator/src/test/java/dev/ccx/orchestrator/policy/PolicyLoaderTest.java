package dev.ccx.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.config.ConfigException;
import dev.ccx.orchestrator.it.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in policy, and every bad field named so an operator can fix the file in one pass. */
class PolicyLoaderTest {
    static final String PROFILE = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}";
    /** Stands in for policies/seccomp-runner.json, told apart from {@link #PROFILE} by its default action. */
    static final String RUNNER_PROFILE = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1}";

    static PolicySet parse(String yaml) {
        return PolicyLoader.parse(yaml, "test.yaml", name -> switch (name) {
            case "profile.json" -> PROFILE;
            case "seccomp-runner.json" -> RUNNER_PROFILE;
            case "empty.json" -> "{}";
            case "broken.json" -> "{not json";
            default -> throw new IllegalArgumentException("cannot read " + name + " next to the policy file");
        });
    }

    static List<String> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void the_built_in_policy_loads_with_the_documented_defaults() {
        PolicySet set = PolicyLoader.load(Optional.empty());
        Policy p = set.defaults();

        assertThat(p.limits()).isEqualTo(new RunnerLimits(1L << 30, 1.0, 256, 256L << 20, Optional.of(2L << 30)));
        assertThat(p.network()).isEqualTo(NetworkMode.PER_USER);
        assertThat(p.seccompProfileJson()).hasValueSatisfying(json -> assertThat(json).contains("SCMP_ACT_ERRNO"));
        assertThat(p.env()).isEmpty();
        assertThat(p.codexConfig()).isEmpty();
        assertThat(p.maxBodyBytes()).isEqualTo(16L << 20);
        assertThat(p.defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.maxTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.claude().enabled()).isTrue();
        assertThat(p.claude().allowsModel("sonnet")).isTrue();
        assertThat(p.codex().enabled()).isTrue();
        assertThat(p.codex().sandboxes()).containsExactlyInAnyOrderElementsOf(Policy.SANDBOX_MODES);
        assertThat(set.overrides()).isEmpty();
        assertThat(set.forUser(new UserId("anyone"))).isSameAs(p);
    }

    @Test
    void an_empty_mapping_gives_the_documented_safe_defaults_per_user_network_runner_seccomp_and_a_2g_quota() {
        Policy p = parse("{}").defaults();

        assertThat(p.network()).isEqualTo(NetworkMode.PER_USER);
        assertThat(p.seccompProfileJson()).contains(RUNNER_PROFILE);
        assertThat(p.limits()).isEqualTo(new RunnerLimits(1L << 30, 1.0, 256, 256L << 20, Optional.of(2L << 30)));
        assertThat(p.maxTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_partial_policy_file_gets_the_same_policy_as_the_shipped_default_for_every_field_it_omits(@TempDir Path dir)
            throws Exception {
        Path shipped = Images.repoRoot().resolve("policies"); // as in the image: /etc/ccx/policies
        Files.copy(shipped.resolve("seccomp-runner.json"), dir.resolve("seccomp-runner.json"));
        Path file = Files.writeString(dir.resolve("policy.yaml"), "limits: {max_timeout: 2h}\n");

        Policy partial = PolicyLoader.load(Optional.of(file)).defaults();
        Policy full = PolicyLoader.load(Optional.of(shipped.resolve("default.yaml"))).defaults();

        assertThat(partial.maxTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(partial.limits()).isEqualTo(full.limits());
        assertThat(partial.network()).isEqualTo(full.network()).isEqualTo(NetworkMode.PER_USER);
        assertThat(partial.seccompProfileJson()).isEqualTo(full.seccompProfileJson())
                .hasValueSatisfying(json -> assertThat(json).contains("SCMP_ACT_ERRNO"));
    }

    @Test
    void an_omitted_seccomp_without_the_runner_profile_next_to_the_file_stops_the_start_instead_of_weakening(
            @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), "runner: {memory: 2g}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> PolicyLoader.load(Optional.of(file)));

        assertThat(e.problems()).singleElement().asString().contains(file.toString(),
                "runner.seccomp: not set, so the default seccomp-runner.json applies, but cannot read "
                        + "seccomp-runner.json next to the policy file", "set runner.seccomp");
    }

    @Test
    void a_policy_file_finds_its_seccomp_profile_next_to_it(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("custom.json"), PROFILE);
        Path file = Files.writeString(dir.resolve("policy.yaml"), "runner: {seccomp: custom.json, memory: 2g}\n");

        Policy p = PolicyLoader.load(Optional.of(file)).defaults();

        assertThat(p.seccompProfileJson()).contains(PROFILE);
        assertThat(p.limits().memoryBytes()).isEqualTo(2L << 30);
    }

    @Test
    void a_missing_policy_file_stops_the_start_naming_the_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> PolicyLoader.load(Optional.of(missing)));

        assertThat(e.problems()).singleElement().asString().contains(missing.toString(), "cannot be read");
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("runner: {memory: not a size}", "runner.memory: not a size"),
                Arguments.of("runner: {memory: 1m}", "runner.memory must be at least 64m"),
                Arguments.of("runner: {memroy: 2g}", "runner.memroy: unknown field"),
                Arguments.of("runner: {cpus: lots}", "runner.cpus: "),
                Arguments.of("runner: {cpus: 0}", "runner.cpus must be between"),
                Arguments.of("runner: {cpus: NaN}", "runner.cpus must be between"),
                Arguments.of("runner: {pids: 10}", "runner.pids must be between"),
                Arguments.of("runner: {jobs_quota: 1k}", "runner.jobs_quota must be at least 1m"),
                Arguments.of("runner: {network: host}", "runner.network: must be shared or per-user"),
                Arguments.of("runner: {seccomp: unconfined}", "runner.seccomp: unconfined is not allowed"),
                Arguments.of("runner: {seccomp: missing.json}", "runner.seccomp: cannot read missing.json"),
                Arguments.of("runner: {seccomp: empty.json}", "runner.seccomp: empty.json has no defaultAction"),
                Arguments.of("runner: {seccomp: broken.json}", "runner.seccomp: broken.json is not valid JSON"),
                Arguments.of("runner: {env: {CCX_TLS_KEY: x}}", "runner.env.CCX_TLS_KEY: not an allowed"),
                Arguments.of("runner: {env: {A-B: x}}", "runner.env.A-B: not an allowed"),
                Arguments.of("runner: {env: {A: [1]}}", "runner.env.A: must be a string"),
                Arguments.of("runner: {env: [A]}", "runner.env: must be a mapping"),
                Arguments.of("runner: {codex_config: [no equals sign]}", "runner.codex_config: every entry"),
                Arguments.of("runner: {codex_config: \"a=b\"}", "runner.codex_config: must be a list"),
                Arguments.of("runner: [1, 2]", "runner: must be a mapping"),
                Arguments.of("limits: {max_timeout: forever}", "limits.max_timeout: not a duration"),
                Arguments.of("limits: {idle_timeout: PT-5M}", "limits.idle_timeout: "),
                Arguments.of("limits: {max_body: {a: 1}}", "limits.max_body: must be a single value"),
                Arguments.of("limits: {default_timeout: 2h, max_timeout: 1h}",
                        "limits.default_timeout: must not exceed max_timeout"),
                Arguments.of("providers: {codex: {sandboxes: [yolo]}}",
                        "providers.codex.sandboxes: unknown sandbox mode 'yolo'"),
                Arguments.of("providers: {codex: {sandboxes: [1]}}", "providers.codex.sandboxes: every entry"),
                Arguments.of("providers: {claude: {sandboxes: [read-only]}}", "providers.claude.sandboxes: unknown field"),
                Arguments.of("providers: {claude: {enabled: maybe}}", "providers.claude.enabled: must be true or false"),
                Arguments.of("providers: {claude: true}", "providers.claude: must be a mapping"),
                Arguments.of("providers: {gemini: {enabled: true}}", "providers.gemini: unknown field"),
                Arguments.of("colour: blue", "colour: unknown field"),
                Arguments.of("overrides: {match: x}", "overrides: must be a list"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badFields")
    void a_bad_value_is_refused_naming_its_field(String yaml, String expected) {
        assertThat(problems(yaml)).singleElement().asString().startsWith("policy test.yaml: ").contains(expected);
    }

    @Test
    void every_problem_in_a_file_is_reported_at_once() {
        List<String> problems = problems("""
                runner:
                  memory: not a size
                  memroy: 2g
                  seccomp: unconfined
                  env: {CCX_AGENT_TOKEN: x}
                limits:
                  max_timeout: forever
                providers:
                  codex: {sandboxes: [read-only, yolo]}
                """);

        assertThat(problems).hasSize(6).anySatisfy(p -> assertThat(p).contains("runner.memory: "))
                .anySatisfy(p -> assertThat(p).contains("runner.memroy: "))
                .anySatisfy(p -> assertThat(p).contains("runner.seccomp: "))
                .anySatisfy(p -> assertThat(p).contains("runner.env.CCX_AGENT_TOKEN: "))
                .anySatisfy(p -> assertThat(p).contains("limits.max_timeout: "))
                .anySatisfy(p -> assertThat(p).contains("providers.codex.sandboxes: "));
    }

    @Test
    void every_out_of_range_runner_limit_is_reported_not_just_the_first() {
        List<String> problems = problems("runner: {memory: 1m, cpus: 1000, pids: 1, tmpfs: 1k}");

        assertThat(problems).hasSize(4).anySatisfy(p -> assertThat(p).contains("runner.memory"))
                .anySatisfy(p -> assertThat(p).contains("runner.cpus"))
                .anySatisfy(p -> assertThat(p).contains("runner.pids"))
                .anySatisfy(p -> assertThat(p).contains("runner.tmpfs"));
    }

    @Test
    void text_that_is_not_a_yaml_mapping_is_refused_naming_the_source() {
        assertThat(problems("runner: [unclosed")).singleElement().asString()
                .startsWith("policy test.yaml: not valid YAML");
        assertThat(problems("- just\n- a list\n")).containsExactly("policy test.yaml: must be a YAML mapping");
    }

    @Test
    void env_and_codex_config_pass_through_for_the_clis() {
        Policy p = parse("""
                runner:
                  env: {ANTHROPIC_BASE_URL: "http://gateway:8080", RETRIES: 3}
                  codex_config: ["model_provider=\\"fake\\""]
                """).defaults();

        assertThat(p.env()).containsEntry("ANTHROPIC_BASE_URL", "http://gateway:8080").containsEntry("RETRIES", "3");
        assertThat(p.codexConfig()).containsExactly("model_provider=\"fake\"");
    }
}
