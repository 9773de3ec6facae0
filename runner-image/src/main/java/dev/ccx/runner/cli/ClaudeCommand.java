package dev.ccx.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code claude --print} command line for a run (spec 6.1, fixed): stream-json output, no settings
 * sources or MCP servers from the user's home, no session persistence, explicit tool set; tool modes use a real
 * permission bypass (the runner is not root) and text-only mode has no tools at all.
 */
public final class ClaudeCommand {

    private ClaudeCommand() {
    }

    /** The command for one attempt. */
    public static CliCommand build(String executable, RunPlan plan, AttemptSetup attempt, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of(executable, "--print", "--output-format", "stream-json",
                "--verbose"));
        if (attempt.stream()) {
            argv.add("--include-partial-messages");
        }
        argv.addAll(List.of("--setting-sources", "", "--strict-mcp-config", "--no-session-persistence",
                "--session-id", attempt.sessionId()));
        if (!attempt.model().isEmpty()) {
            argv.addAll(List.of("--model", attempt.model()));
        }
        plan.maxTurns().ifPresent(n -> argv.addAll(List.of("--max-turns", Integer.toString(n))));
        plan.prompt().system().ifPresent(system -> {
            if (PromptDelivery.fitsInArgument(system)) {
                argv.addAll(List.of("--system-prompt", system));
            } else {
                Path file = PromptDelivery.writePrivate(attempt.systemPromptFile(), system);
                argv.addAll(List.of("--system-prompt-file", file.toString()));
            }
        });
        plan.effort().ifPresent(e -> argv.addAll(List.of("--effort", e)));
        tools(plan, argv);
        for (Path dir : plan.addDirs()) {
            argv.addAll(List.of("--add-dir", dir.toString()));
        }
        String prompt = plan.prompt().text();
        Optional<Path> stdin = PromptDelivery.stdinFor(prompt, attempt.promptFile());
        if (stdin.isEmpty()) {
            argv.addAll(List.of("--", prompt));
        }
        return new CliCommand(argv, attempt.cwd(), env, stdin, Optional.empty());
    }

    private static void tools(RunPlan plan, List<String> argv) {
        List<String> names = plan.tools().stream().map(ClaudeCommand::toolName).distinct().toList();
        argv.addAll(List.of("--tools", String.join(",", names)));
        for (String tool : plan.tools()) {
            argv.addAll(List.of("--allowedTools", tool));
        }
        if (plan.mode() != Mode.TEXT_ONLY) {
            argv.addAll(List.of("--permission-mode", "bypassPermissions"));
        }
    }

    /** {@code Bash(git:*)} names the tool {@code Bash}. */
    private static String toolName(String rule) {
        int paren = rule.indexOf('(');
        return paren < 0 ? rule : rule.substring(0, paren);
    }
}
