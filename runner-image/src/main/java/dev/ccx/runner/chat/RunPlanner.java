package dev.ccx.runner.chat;

import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.Mode;
import dev.ccx.runner.cli.Prompt;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.cli.RunPlan;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.files.JobPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Applies the runner's policy (providers, sandboxes, timeout cap) and path confinement to a parsed request. */
public final class RunPlanner {

    /** Put before the caller's system prompt in output-files mode (spec 5.6). */
    public static final String FILE_MODE_INSTRUCTION = "OUTPUT MODE: file-output. Write all deliverables as files in"
            + " the current working directory using the Write tool; choose clear filenames (e.g. subtitle.srt,"
            + " songs.json). The final text response must be a brief summary listing the files produced and their"
            + " contents; do NOT inline the deliverables.";

    static final List<String> DEFAULT_TOOLS_DIRECT = List.of("Read", "Write", "Edit");
    static final List<String> DEFAULT_TOOLS_FILES = List.of("Write", "Read", "Edit");
    static final int DEFAULT_MAX_TURNS = 50;

    private final AgentConfig config;
    private final JobPaths paths;

    public RunPlanner(AgentConfig config, JobPaths paths) {
        this.config = config;
        this.paths = paths;
    }

    /** The plan for {@code request}; throws 400s for policy violations and bad paths. */
    public RunPlan plan(ChatRequest request) {
        Provider provider = request.model().provider();
        if (!config.allowedProviders().contains(provider)) {
            throw new AgentException(Reason.NOT_ALLOWED,
                    "provider=" + provider.wireName() + " is not enabled for this runner");
        }
        if (request.job().isPresent() && request.cwd().isPresent()) {
            throw AgentException.invalid("give either job or cwd, not both");
        }
        Mode mode = mode(request);
        Optional<Path> jobDir = request.job().map(paths::jobDir);
        Optional<Path> cwd = mode == Mode.DIRECT
                ? Optional.of(jobDir.orElseGet(() -> paths.existingDir("cwd", request.cwd().orElse("."))))
                : Optional.empty();
        List<Path> addDirs = new ArrayList<>();
        if (mode == Mode.OUTPUT_FILES) {
            jobDir.ifPresent(addDirs::add);
        }
        for (String dir : request.addDirs()) {
            addDirs.add(paths.existingDir("add_dirs", dir));
        }
        Prompt prompt = mode == Mode.OUTPUT_FILES
                ? request.prompt().withLeadingInstruction(FILE_MODE_INSTRUCTION) : request.prompt();
        return new RunPlan(request.model(), mode, prompt, request.stream(), request.includeUsage(), cwd,
                List.copyOf(new LinkedHashSet<>(addDirs)), tools(request, mode), maxTurns(request, mode),
                request.effort(), request.webSearch(), sandbox(request, mode), timeout(request));
    }

    private static Mode mode(ChatRequest r) {
        if (r.outputFiles()) {
            return Mode.OUTPUT_FILES;
        }
        boolean tools = r.allowedTools().map(t -> !t.isEmpty()).orElse(false);
        return r.job().isPresent() || r.cwd().isPresent() || !r.addDirs().isEmpty() || tools
                ? Mode.DIRECT : Mode.TEXT_ONLY;
    }

    private static List<String> tools(ChatRequest r, Mode mode) {
        Set<String> tools = new LinkedHashSet<>();
        if (mode != Mode.TEXT_ONLY) {
            List<String> given = r.allowedTools().orElse(List.of());
            tools.addAll(given.isEmpty() ? (mode == Mode.DIRECT ? DEFAULT_TOOLS_DIRECT : DEFAULT_TOOLS_FILES) : given);
        }
        if (r.webSearch()) {
            tools.add("WebSearch");
            tools.add("WebFetch");
        }
        return List.copyOf(tools);
    }

    private static OptionalInt maxTurns(ChatRequest r, Mode mode) {
        if (r.maxTurns().isPresent() || mode == Mode.TEXT_ONLY) {
            return r.maxTurns();
        }
        return OptionalInt.of(DEFAULT_MAX_TURNS);
    }

    /**
     * The requested sandbox, else read-only for text and, for tool modes, danger-full-access where the policy allows
     * it: Codex's own sandbox (bubblewrap) cannot create namespaces inside a runner, so workspace-write fails every
     * write there, and the runner container is the sandbox.
     */
    private CodexSandbox sandbox(ChatRequest r, Mode mode) {
        CodexSandbox toolDefault = config.allowedSandboxes().contains(CodexSandbox.DANGER_FULL_ACCESS)
                ? CodexSandbox.DANGER_FULL_ACCESS : CodexSandbox.WORKSPACE_WRITE;
        CodexSandbox sandbox = r.sandbox().orElse(mode == Mode.TEXT_ONLY ? CodexSandbox.READ_ONLY : toolDefault);
        if (r.model().provider() == Provider.CODEX && !config.allowedSandboxes().contains(sandbox)) {
            throw new AgentException(Reason.NOT_ALLOWED, "codex_sandbox=" + sandbox.wireName() + " is disabled");
        }
        return sandbox;
    }

    private Duration timeout(ChatRequest r) {
        Duration max = config.limits().maxTimeout();
        Duration t = r.timeout().orElse(config.limits().defaultTimeout());
        return t.compareTo(max) > 0 ? max : t;
    }
}
