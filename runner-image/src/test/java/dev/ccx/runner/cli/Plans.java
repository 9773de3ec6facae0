package dev.ccx.runner.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Run plans for command-building tests. */
final class Plans {

    private Plans() {
    }

    static RunPlan claude(Mode mode, List<String> tools, Optional<String> system, String prompt) {
        return new RunPlan(new ModelChoice(Provider.CLAUDE, "opus", "opus[1m]"), mode, new Prompt(system, prompt),
                false, false, mode == Mode.DIRECT ? Optional.of(Path.of("/jobs/a")) : Optional.empty(), List.of(),
                tools, mode == Mode.TEXT_ONLY ? OptionalInt.empty() : OptionalInt.of(50), Optional.empty(), false,
                CodexSandbox.WORKSPACE_WRITE, Duration.ofSeconds(60));
    }

    static RunPlan codex(Mode mode, CodexSandbox sandbox, Optional<String> system, String prompt) {
        return new RunPlan(new ModelChoice(Provider.CODEX, "codex/default", "gpt-5.5"), mode,
                new Prompt(system, prompt), false, false, Optional.empty(), List.of(), List.of(), OptionalInt.empty(),
                Optional.empty(), false, sandbox, Duration.ofSeconds(60));
    }

    static RunPlan withExtras(RunPlan p, List<Path> addDirs, Optional<String> effort, boolean webSearch) {
        return new RunPlan(p.model(), p.mode(), p.prompt(), p.stream(), p.includeUsage(), p.cwd(), addDirs, p.tools(),
                p.maxTurns(), effort, webSearch, p.sandbox(), p.timeout());
    }
}
