package dev.ccx.orchestrator.policy;

import static dev.ccx.orchestrator.policy.PolicyLoaderTest.parse;
import static dev.ccx.orchestrator.policy.PolicyLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-user overrides: the first matching glob wins and only the fields it gives change. */
class PolicyOverridesTest {
    private static final String POLICY = """
            runner:
              memory: 1g
              cpus: 2
              env: {ANTHROPIC_BASE_URL: "http://gateway"}
            limits:
              default_timeout: 5m
              max_timeout: 1h
            providers:
              codex: {sandboxes: [read-only, workspace-write]}
            overrides:
              - match: "acme-*"
                limits: {max_timeout: 2h}
                runner: {memory: 2g, env: {HTTPS_PROXY: "http://proxy:3128"}}
              - match: "acme-admin"
                limits: {max_timeout: 3h}
              - match: "*@partner.example"
                providers:
                  codex: {enabled: false}
                  claude: {models: ["haiku*"]}
              - match: "sandbox-?"
                providers:
                  codex: {sandboxes: [danger-full-access]}
            """;

    private final PolicySet set = parse(POLICY);

    private Policy policyOf(String user) {
        return set.forUser(new UserId(user));
    }

    @ParameterizedTest(name = "{0} gets max_timeout {1}")
    @CsvSource({"acme-1, PT2H", "acme-admin, PT2H", "acme-, PT2H", "xacme-1, PT1H", "Acme-1, PT1H", "alice, PT1H",
            "bob@partner.example, PT1H"})
    void the_first_override_whose_glob_matches_the_whole_id_wins(String user, Duration maxTimeout) {
        assertThat(policyOf(user).maxTimeout()).isEqualTo(maxTimeout);
    }

    @Test
    void an_override_changes_only_the_fields_it_gives() {
        Policy base = policyOf("alice");
        Policy acme = policyOf("acme-1");

        assertThat(acme.limits().memoryBytes()).isEqualTo(2L << 30);
        assertThat(acme.limits().cpus()).isEqualTo(base.limits().cpus()).isEqualTo(2.0);
        assertThat(acme.limits().pids()).isEqualTo(base.limits().pids());
        assertThat(acme.defaultTimeout()).isEqualTo(base.defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(acme.idleTimeout()).isEqualTo(base.idleTimeout());
        assertThat(acme.codex().sandboxes()).isEqualTo(base.codex().sandboxes());
        assertThat(acme.env()).containsEntry("ANTHROPIC_BASE_URL", "http://gateway")
                .containsEntry("HTTPS_PROXY", "http://proxy:3128");
        assertThat(base.env()).doesNotContainKey("HTTPS_PROXY");
    }

    @Test
    void an_override_of_one_provider_leaves_the_other_alone() {
        Policy partner = policyOf("bob@partner.example");

        assertThat(partner.codex().enabled()).isFalse();
        assertThat(partner.codex().sandboxes()).containsExactlyInAnyOrder("read-only", "workspace-write");
        assertThat(partner.claude().enabled()).isTrue();
        assertThat(partner.claude().allowsModel("haiku-4")).isTrue();
        assertThat(partner.claude().allowsModel("opus")).isFalse();
        assertThat(policyOf("alice").claude().allowsModel("opus")).isTrue();
    }

    @Test
    void a_list_in_an_override_replaces_the_list_it_overrides() {
        assertThat(policyOf("sandbox-1").codex().sandboxes()).containsExactly("danger-full-access");
        assertThat(policyOf("sandbox-12").codex().sandboxes()).containsExactlyInAnyOrder("read-only", "workspace-write");
    }

    @Test
    void a_bad_override_is_named_by_its_position_and_field() {
        List<String> problems = problems("""
                overrides:
                  - match: "acme-*"
                    runner: {memory: lots, memroy: 2g}
                  - runner: {memory: 2g}
                  - match: "ok-*"
                    limits: {default_timeout: 2h}
                  - "just a string"
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "policy test.yaml: overrides[0].runner.memory: not a size (use e.g. 512m, 1g): lots",
                "policy test.yaml: overrides[0].runner.memroy: unknown field "
                        + "(allowed: codex_config, cpus, env, jobs_quota, memory, network, pids, seccomp, tmpfs)",
                "policy test.yaml: overrides[1].match: every override needs a user-id glob in 'match'",
                "policy test.yaml: overrides[2].limits.default_timeout: must not exceed max_timeout",
                "policy test.yaml: overrides[3].match: every override needs a user-id glob in 'match'");
    }

    @Test
    void an_override_cannot_reintroduce_what_the_base_policy_refuses() {
        List<String> problems = problems("""
                overrides:
                  - match: "*"
                    runner: {seccomp: unconfined, env: {CCX_TLS_CERT: x}}
                """);

        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("overrides[0].runner."));
    }

    @Test
    void glob_characters_other_than_star_and_question_mark_match_literally() {
        PolicySet literal = parse("""
                overrides:
                  - match: "a.b+c"
                    limits: {max_timeout: 2h}
                """);

        assertThat(literal.forUser(new UserId("a.b+c")).maxTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(literal.forUser(new UserId("axbbc")).maxTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void spares_are_wanted_only_when_some_policy_gives_users_networks_of_their_own() {
        assertThat(parse("runner: {network: shared}\n").anyPerUserNetwork()).isFalse();
        assertThat(parse("runner: {network: per-user}\n").anyPerUserNetwork()).isTrue();
        assertThat(parse("""
                runner: {network: shared}
                overrides:
                  - match: "acme-*"
                    runner: {network: per-user}
                """).anyPerUserNetwork()).isTrue();
        assertThat(parse(POLICY).anyPerUserNetwork()).as("per-user is the default").isTrue();
    }
}
