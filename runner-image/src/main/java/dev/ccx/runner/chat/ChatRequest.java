package dev.ccx.runner.chat;

import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.ModelChoice;
import dev.ccx.runner.cli.Prompt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A chat-completion request after type checks, before policy and path checks.
 *
 * @param model         resolved provider and model
 * @param prompt        flattened messages
 * @param stream        answer as SSE chunks
 * @param includeUsage  {@code stream_options.include_usage}
 * @param outputFiles   return the files the agent writes in a scratch directory
 * @param job           job directory name under /jobs
 * @param cwd           working directory (inside /jobs)
 * @param addDirs       extra directories (inside /jobs)
 * @param allowedTools  Claude tools to allow, when given
 * @param maxTurns      Claude turn limit, when given
 * @param timeout       requested run timeout, when given
 * @param effort        reasoning effort, when given
 * @param webSearch     let the agent search the web
 * @param sandbox       Codex sandbox, when given
 */
public record ChatRequest(
        ModelChoice model,
        Prompt prompt,
        boolean stream,
        boolean includeUsage,
        boolean outputFiles,
        Optional<String> job,
        Optional<String> cwd,
        List<String> addDirs,
        Optional<List<String>> allowedTools,
        OptionalInt maxTurns,
        Optional<Duration> timeout,
        Optional<String> effort,
        boolean webSearch,
        Optional<CodexSandbox> sandbox) {

    public ChatRequest {
        addDirs = List.copyOf(addDirs);
        allowedTools = allowedTools.map(List::copyOf);
    }
}
