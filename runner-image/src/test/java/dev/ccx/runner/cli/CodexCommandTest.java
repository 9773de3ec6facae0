package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexCommandTest {

    /** The quiet overrides spelled out, so that dropping one from {@link CodexCommand#QUIET} fails a test. */
    private static final List<String> QUIET = List.of("-c", "features.plugins=false", "-c", "analytics.enabled=false",
            "-c", "feedback.enabled=false", "-c", "check_for_update_on_startup=false");
    /** Text-only mode's tool removals, spelled out. */
    private static final List<String> NO_TOOLS = List.of("-c", "features.shell_tool=false",
            "-c", "features.unified_exec=false", "-c", "features.view_image=false", "-c", "web_search=disabled");

    @TempDir
    Path run;

    private AttemptSetup attempt() {
        return new AttemptSetup(run.resolve("work"), run, "gpt-5.5", "unused", false);
    }

    private List<String> head(String cwd) {
        return new ArrayList<>(List.of("codex", "exec", "--json", "--skip-git-repo-check", "--ephemeral",
                "--ignore-user-config", "--ignore-rules", "--output-last-message", run.resolve("last-message.txt")
                        .toString(), "-C", cwd, "-m", "gpt-5.5", "--color", "never"));
    }

    @Test
    void text_only_runs_read_only_without_shell_image_or_web_tools_and_fold_the_system_prompt() {
        CliCommand c = CodexCommand.build("codex", Plans.codex(Mode.TEXT_ONLY, CodexSandbox.READ_ONLY,
                Optional.of("S"), "P"), attempt(), Map.of(), List.of("model_provider=fake"));

        List<String> expected = head(run.resolve("work").toString());
        expected.addAll(List.of("--sandbox", "read-only"));
        expected.addAll(QUIET);
        expected.addAll(NO_TOOLS);
        expected.addAll(List.of("-c", "model_provider=fake", "--", "SYSTEM INSTRUCTIONS:\nS\n\nCONVERSATION PROMPT:\nP"));
        assertThat(c.argv()).containsExactlyElementsOf(expected);
        assertThat(c.lastMessageFile()).contains(run.resolve("last-message.txt"));
    }

    @Test
    void danger_full_access_uses_the_bypass_flag_and_operator_overrides_come_last() {
        RunPlan plan = Plans.withExtras(Plans.codex(Mode.DIRECT, CodexSandbox.DANGER_FULL_ACCESS, Optional.empty(),
                "P"), List.of(Path.of("/jobs/x")), Optional.of("high"), true);

        CliCommand c = CodexCommand.build("codex", plan, attempt(), Map.of(), List.of("a=1", "b=2"));

        List<String> expected = head(run.resolve("work").toString());
        expected.addAll(List.of("--dangerously-bypass-approvals-and-sandbox", "--add-dir", "/jobs/x",
                "-c", "model_reasoning_effort=high", "-c", "tools.web_search=true"));
        expected.addAll(QUIET);
        expected.addAll(List.of("-c", "a=1", "-c", "b=2", "--", "P"));
        assertThat(c.argv()).containsExactlyElementsOf(expected);
    }

    @Test
    void workspace_write_is_passed_as_a_sandbox_mode() {
        CliCommand c = CodexCommand.build("codex", Plans.codex(Mode.OUTPUT_FILES, CodexSandbox.WORKSPACE_WRITE,
                Optional.empty(), "P"), attempt(), Map.of(), List.of());

        assertThat(c.argv()).containsSubsequence("--sandbox", "workspace-write").doesNotContain("web_search=disabled");
    }

    @Test
    void a_huge_prompt_is_read_from_stdin() throws Exception {
        String big = "y".repeat(150_000);
        CliCommand c = CodexCommand.build("codex", Plans.codex(Mode.TEXT_ONLY, CodexSandbox.READ_ONLY,
                Optional.empty(), big), attempt(), Map.of(), List.of());

        assertThat(c.argv()).endsWith("-").doesNotContain(big);
        assertThat(c.stdin()).contains(run.resolve("prompt.txt"));
        assertThat(Files.readString(run.resolve("prompt.txt"))).isEqualTo(big);
    }
}
