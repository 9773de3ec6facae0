package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCommandTest {

    private static final String SESSION = "11111111-2222-4333-8444-555555555555";

    @TempDir
    Path run;

    private AttemptSetup attempt(String model, boolean stream) {
        return new AttemptSetup(run.resolve("work"), run, model, SESSION, stream);
    }

    @Test
    void text_only_runs_have_no_tools_and_no_permission_bypass() {
        CliCommand c = ClaudeCommand.build("/usr/bin/claude",
                Plans.claude(Mode.TEXT_ONLY, List.of(), Optional.of("Be brief."), "hi"), attempt("opus[1m]", false),
                Map.of());

        assertThat(c.argv()).containsExactly("/usr/bin/claude", "--print", "--output-format", "stream-json", "--verbose",
                "--setting-sources", "", "--strict-mcp-config", "--no-session-persistence", "--session-id", SESSION,
                "--model", "opus[1m]", "--system-prompt", "Be brief.", "--tools", "", "--", "hi");
        assertThat(c.stdin()).isEmpty();
        assertThat(c.cwd()).isEqualTo(run.resolve("work"));
    }

    @Test
    void tool_modes_make_exactly_the_allowed_tools_available_and_bypass_permission_prompts() {
        RunPlan plan = Plans.withExtras(Plans.claude(Mode.DIRECT, List.of("Bash(git:*)", "Read"), Optional.empty(),
                "do it"), List.of(Path.of("/jobs/in"), Path.of("/jobs/lib")), Optional.of("high"), false);

        CliCommand c = ClaudeCommand.build("claude", plan, attempt("sonnet", true), Map.of());

        assertThat(c.argv()).containsExactly("claude", "--print", "--output-format", "stream-json", "--verbose",
                "--include-partial-messages", "--setting-sources", "", "--strict-mcp-config",
                "--no-session-persistence", "--session-id", SESSION, "--model", "sonnet", "--max-turns", "50",
                "--effort", "high", "--tools", "Bash,Read", "--allowedTools", "Bash(git:*)", "--allowedTools", "Read",
                "--permission-mode", "bypassPermissions", "--add-dir", "/jobs/in", "--add-dir", "/jobs/lib",
                "--", "do it");
    }

    @Test
    void an_empty_model_leaves_the_choice_to_the_cli() {
        CliCommand c = ClaudeCommand.build("claude", Plans.claude(Mode.TEXT_ONLY, List.of(), Optional.empty(), "x"),
                attempt("", false), Map.of());

        assertThat(c.argv()).doesNotContain("--model");
    }

    @Test
    void a_prompt_starting_with_a_dash_stays_a_prompt() {
        CliCommand c = ClaudeCommand.build("claude", Plans.claude(Mode.TEXT_ONLY, List.of(), Optional.empty(),
                "--dangerously-skip-permissions"), attempt("sonnet", false), Map.of());

        assertThat(c.argv().subList(c.argv().size() - 2, c.argv().size()))
                .containsExactly("--", "--dangerously-skip-permissions");
    }

    @Test
    void a_prompt_too_large_for_one_argument_goes_through_a_private_file_on_stdin() throws Exception {
        String big = "x".repeat(200_000);
        CliCommand c = ClaudeCommand.build("claude", Plans.claude(Mode.TEXT_ONLY, List.of(), Optional.of(big), big),
                attempt("sonnet", false), Map.of());

        assertThat(c.argv()).doesNotContain(big, "--").contains("--system-prompt-file");
        assertThat(c.stdin()).contains(run.resolve("prompt.txt"));
        assertThat(Files.readString(run.resolve("prompt.txt"))).isEqualTo(big);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("prompt.txt"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(run.resolve("system-prompt.txt"))).isEqualTo(big);
    }

    @Test
    void the_logged_form_of_a_command_hides_prompts_and_environment_values() {
        CliCommand c = ClaudeCommand.build("claude", Plans.claude(Mode.TEXT_ONLY, List.of(),
                Optional.of("secret system"), "secret prompt"), attempt("sonnet", false),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-key"));

        assertThat(c.toString()).contains("--system-prompt <13 chars>", "--tools \"\"", "-- <13 chars>",
                "ANTHROPIC_API_KEY").doesNotContain("secret", "sk-ant-key");
    }
}
