package dev.ccx.runner.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated run: everything needed to build CLI command lines, with paths already confined to /jobs.
 *
 * @param model        provider and model
 * @param mode         text-only, direct or output-files
 * @param prompt       what the CLI is asked (file-mode instruction included)
 * @param stream       answer as SSE
 * @param includeUsage send a usage chunk when streaming
 * @param cwd          the working directory in DIRECT mode; empty: a fresh per-run directory
 * @param addDirs      extra directories the agent may use
 * @param tools        Claude tools made available and pre-approved (empty in text-only mode without web search)
 * @param maxTurns     Claude turn limit
 * @param effort       reasoning effort
 * @param webSearch    web search requested
 * @param sandbox      Codex sandbox mode
 * @param timeout      the one deadline for all attempts
 */
public record RunPlan(
        ModelChoice model,
        Mode mode,
        Prompt prompt,
        boolean stream,
        boolean includeUsage,
        Optional<Path> cwd,
        List<Path> addDirs,
        List<String> tools,
        OptionalInt maxTurns,
        Optional<String> effort,
        boolean webSearch,
        CodexSandbox sandbox,
        Duration timeout) {

    public RunPlan {
        addDirs = List.copyOf(addDirs);
        tools = List.copyOf(tools);
    }
}
