package dev.ccx.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code codex exec --json} command line for a run (spec 6.2, fixed): ephemeral, no user config or
 * rules from the user's home, sandbox or full bypass, the quiet overrides, then the operator's overrides. Text-only
 * runs get no shell or image tools and no web search.
 */
public final class CodexCommand {

    /** Keep Codex from contacting anything but its model endpoint. */
    public static final List<String> QUIET = List.of("features.plugins=false", "analytics.enabled=false",
            "feedback.enabled=false", "check_for_update_on_startup=false");
    /** Take the shell and file-viewing tools away in text-only mode. */
    public static final List<String> NO_TOOLS = List.of("features.shell_tool=false", "features.unified_exec=false",
            "features.view_image=false", "web_search=disabled");

    private CodexCommand() {
    }

    /** The command for one attempt; {@code operatorConfig} is CCX_CODEX_CONFIG. */
    public static CliCommand build(String executable, RunPlan plan, AttemptSetup attempt, Map<String, String> env,
            List<String> operatorConfig) {
        Path lastMessage = attempt.lastMessageFile();
        List<String> argv = new ArrayList<>(List.of(executable, "exec", "--json", "--skip-git-repo-check",
                "--ephemeral", "--ignore-user-config", "--ignore-rules", "--output-last-message",
                lastMessage.toString(), "-C", attempt.cwd().toString(), "-m", attempt.model(), "--color", "never"));
        if (plan.sandbox() == CodexSandbox.DANGER_FULL_ACCESS) {
            argv.add("--dangerously-bypass-approvals-and-sandbox");
        } else {
            argv.addAll(List.of("--sandbox", plan.sandbox().wireName()));
        }
        for (Path dir : plan.addDirs()) {
            argv.addAll(List.of("--add-dir", dir.toString()));
        }
        List<String> overrides = new ArrayList<>();
        plan.effort().ifPresent(e -> overrides.add("model_reasoning_effort=" + e));
        if (plan.webSearch()) {
            overrides.add("tools.web_search=true");
        }
        overrides.addAll(QUIET);
        if (plan.mode() == Mode.TEXT_ONLY) {
            overrides.addAll(plan.webSearch() ? NO_TOOLS.subList(0, NO_TOOLS.size() - 1) : NO_TOOLS);
        }
        overrides.addAll(operatorConfig);
        for (String o : overrides) {
            argv.addAll(List.of("-c", o));
        }
        String prompt = plan.prompt().foldedForCodex();
        Optional<Path> stdin = PromptDelivery.stdinFor(prompt, attempt.promptFile());
        argv.addAll(stdin.isPresent() ? List.of("-") : List.of("--", prompt));
        return new CliCommand(argv, attempt.cwd(), env, stdin, Optional.of(lastMessage));
    }
}
