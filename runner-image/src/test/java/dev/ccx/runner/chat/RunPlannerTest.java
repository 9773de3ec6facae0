package dev.ccx.runner.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.Json;
import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.Mode;
import dev.ccx.runner.cli.RunPlan;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.files.JobPaths;
import dev.ccx.runner.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlannerTest {

    @TempDir
    Path dir;

    private RunPlan plan(TestConfig config, String body) throws Exception {
        AgentConfig c = config.build();
        ModelCatalog catalog = new ModelCatalog(c.cli().codexModels(), c.cli().codexDefaultModel(),
                c.allowedProviders());
        ChatRequest request = new ChatRequestParser(new ModelResolver(catalog))
                .parse(Json.parse(body.getBytes(StandardCharsets.UTF_8)));
        return new RunPlanner(c, new JobPaths(c.locations().jobsDir())).plan(request);
    }

    private RunPlan plan(String body) throws Exception {
        return plan(TestConfig.in(dir), body);
    }

    private static String msg(String extra) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void a_plain_question_is_text_only_without_tools_or_turn_limit() throws Exception {
        RunPlan p = plan(msg(""));

        assertThat(p.mode()).isEqualTo(Mode.TEXT_ONLY);
        assertThat(p.tools()).isEmpty();
        assertThat(p.maxTurns()).isEmpty();
        assertThat(p.cwd()).isEmpty();
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void web_search_adds_only_the_web_tools_in_text_only_mode() throws Exception {
        assertThat(plan(msg("\"web_search\":true")).tools()).containsExactly("WebSearch", "WebFetch");
    }

    @Test
    void a_job_runs_with_tools_in_its_directory_which_is_created() throws Exception {
        RunPlan p = plan(msg("\"job\":\"report-1\""));

        assertThat(p.mode()).isEqualTo(Mode.DIRECT);
        assertThat(p.cwd()).contains(dir.resolve("jobs/report-1").toRealPath());
        assertThat(Files.isDirectory(dir.resolve("jobs/report-1"))).isTrue();
        assertThat(p.tools()).containsExactly("Read", "Write", "Edit");
        assertThat(p.maxTurns()).isEqualTo(OptionalInt.of(50));
    }

    @Test
    void codex_tool_modes_default_to_the_container_as_sandbox_unless_the_policy_forbids_it() throws Exception {
        String job = msg("\"model\":\"codex/default\",\"job\":\"j\"");

        assertThat(plan(job).sandbox()).isEqualTo(CodexSandbox.DANGER_FULL_ACCESS);
        assertThat(plan(TestConfig.in(dir).with("CCX_ALLOWED_SANDBOXES", "read-only,workspace-write"), job).sandbox())
                .isEqualTo(CodexSandbox.WORKSPACE_WRITE);
    }

    @Test
    void caller_tools_replace_the_defaults_and_add_dirs_resolve_inside_jobs() throws Exception {
        Files.createDirectories(dir.resolve("jobs/in"));
        RunPlan p = plan(msg("\"allowed_tools\":[\"Bash(git:*)\",\"Read\"],\"add_dirs\":[\"in\"],\"max_turns\":3"));

        assertThat(p.mode()).isEqualTo(Mode.DIRECT);
        assertThat(p.cwd()).contains(dir.resolve("jobs").toRealPath());
        assertThat(p.tools()).containsExactly("Bash(git:*)", "Read");
        assertThat(p.addDirs()).containsExactly(dir.resolve("jobs/in").toRealPath());
        assertThat(p.maxTurns()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void output_files_put_the_file_instruction_before_the_system_prompt() throws Exception {
        RunPlan p = plan("{\"output_files\":true,\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":\"q\"}]}");

        assertThat(p.mode()).isEqualTo(Mode.OUTPUT_FILES);
        assertThat(p.prompt().system()).contains(RunPlanner.FILE_MODE_INSTRUCTION + "\n\nS");
        assertThat(p.tools()).containsExactly("Write", "Read", "Edit");
        assertThat(p.cwd()).isEmpty();
    }

    @Test
    void codex_sandbox_defaults_to_read_only_for_text_and_can_be_chosen() throws Exception {
        assertThat(plan(msg("\"model\":\"codex/default\"")).sandbox()).isEqualTo(CodexSandbox.READ_ONLY);
        assertThat(plan(msg("\"model\":\"codex/default\",\"codex_sandbox\":\"danger-full-access\"")).sandbox())
                .isEqualTo(CodexSandbox.DANGER_FULL_ACCESS);
    }

    @Test
    void a_sandbox_the_policy_forbids_is_refused_with_400() {
        TestConfig c = TestConfig.in(dir).with("CCX_ALLOWED_SANDBOXES", "read-only,workspace-write");

        assertRefused(() -> plan(c, msg("\"model\":\"codex/default\",\"codex_sandbox\":\"danger-full-access\"")),
                Reason.NOT_ALLOWED, "codex_sandbox=danger-full-access is disabled");
    }

    @Test
    void a_provider_the_policy_forbids_is_refused() {
        TestConfig c = TestConfig.in(dir).with("CCX_ALLOWED_PROVIDERS", "claude");

        assertRefused(() -> plan(c, msg("\"model\":\"codex/default\"")), Reason.NOT_ALLOWED,
                "provider=codex is not enabled for this runner");
    }

    @Test
    void a_timeout_above_the_cap_is_clamped() throws Exception {
        TestConfig c = TestConfig.in(dir).with("CCX_MAX_TIMEOUT_SECONDS", "60");

        assertThat(plan(c, msg("\"timeout\":7200")).timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan(c, msg("\"timeout\":1.5")).timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void wrong_field_types_are_bad_requests() {
        for (String extra : new String[] {"\"timeout\":\"10\"", "\"timeout\":0", "\"timeout\":-1", "\"stream\":\"yes\"",
            "\"add_dirs\":\"abc\"", "\"allowed_tools\":[1]", "\"max_turns\":1.5", "\"max_turns\":-2", "\"job\":5",
            "\"reasoning_effort\":\"extreme\"", "\"cwd\":[\"a\"]", "\"output_files\":{}"}) {
            assertRefused(() -> plan(msg(extra)), Reason.INVALID_REQUEST, null);
        }
    }

    @Test
    void claude_only_fields_are_refused_for_codex_with_their_names() {
        assertRefused(() -> plan(msg("\"model\":\"codex/default\",\"allowed_tools\":[\"Read\"],\"max_turns\":2")),
                Reason.UNSUPPORTED_FIELD, "unsupported field for provider=codex: allowed_tools, max_turns");
    }

    @Test
    void efforts_are_checked_per_provider() throws Exception {
        assertThat(plan(msg("\"reasoning_effort\":\" max \"")).effort()).contains("max");
        assertRefused(() -> plan(msg("\"model\":\"codex/gpt-5.4\",\"reasoning_effort\":\"max\"")),
                Reason.INVALID_REQUEST, "unsupported reasoning_effort for model codex/gpt-5.4: max");
    }

    @Test
    void job_and_cwd_together_are_ambiguous() {
        assertRefused(() -> plan(msg("\"job\":\"a\",\"cwd\":\"a\"")), Reason.INVALID_REQUEST,
                "give either job or cwd, not both");
    }

    @Test
    void a_missing_cwd_is_a_clear_400_instead_of_cli_not_found() {
        assertRefused(() -> plan(msg("\"cwd\":\"nope\"")), Reason.INVALID_PATH, "cwd does not exist");
    }

    private static void assertRefused(ThrowingCall call, Reason reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
