package dev.ccx.runner.chat;

import dev.ccx.runner.Ids;
import dev.ccx.runner.cli.Attempt;
import dev.ccx.runner.cli.AttemptSetup;
import dev.ccx.runner.cli.Cancellation;
import dev.ccx.runner.cli.ClaudeCommand;
import dev.ccx.runner.cli.ClaudeOutputParser;
import dev.ccx.runner.cli.CliCommand;
import dev.ccx.runner.cli.CliEnvironment;
import dev.ccx.runner.cli.CliRunner;
import dev.ccx.runner.cli.CodexCommand;
import dev.ccx.runner.cli.CodexOutputParser;
import dev.ccx.runner.cli.Executables;
import dev.ccx.runner.cli.Mode;
import dev.ccx.runner.cli.ModelChoice;
import dev.ccx.runner.cli.OutputParser;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.cli.RunGuard;
import dev.ccx.runner.cli.RunListener;
import dev.ccx.runner.cli.RunPlan;
import dev.ccx.runner.cli.SessionFiles;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.files.OutputFiles;
import dev.ccx.runner.files.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a planned chat completion: one deadline for the whole run, one retry after a failed attempt (never after a
 * timeout, a cancellation, a deterministic failure or streamed output), then for a 1M Claude model one fallback
 * attempt with the 200K model.
 */
public final class ChatService {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final AgentConfig config;
    private final CliRunner runner;
    private final RunGuard guard;
    private final Semaphore permits;

    public ChatService(AgentConfig config, CliRunner runner) {
        this(config, runner, RunGuard.NONE);
    }

    /** With {@code guard} watching every run (e.g. the jobs quota). */
    public ChatService(AgentConfig config, CliRunner runner, RunGuard guard) {
        this.config = config;
        this.runner = runner;
        this.guard = guard;
        this.permits = new Semaphore(config.limits().maxConcurrentRuns());
    }

    /** A reserved run slot; closing it frees the slot. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Reserves a run slot, or throws 429 when the runner is at its concurrency limit. */
    public Permit reserve() {
        if (!permits.tryAcquire()) {
            throw new AgentException(Reason.BUSY, "the runner is busy with " + config.limits().maxConcurrentRuns()
                    + " runs; retry later");
        }
        return permits::release;
    }

    /** Runs {@code plan}; failures are {@link AgentException}s (CLI failure, timeout, cancellation). */
    public ChatResult run(RunPlan plan, String runId, RunListener listener, Cancellation cancel) {
        Provider provider = plan.model().provider();
        String executable = provider == Provider.CLAUDE ? config.cli().claudeBin() : config.cli().codexBin();
        String program = Executables.find(executable, config.cli().path()).map(Path::toString).orElseThrow(() ->
                new AgentException(Reason.CLI_NOT_FOUND, provider.wireName() + " CLI not found"));
        Instant deadline = Instant.now().plus(plan.timeout());
        TextRelay relay = new TextRelay(listener);
        Progress progress = new Progress(plan.model().cliModel());
        try (RunGuard.Watch watch = guard.watch(cancel);
                RunDirectory dir = RunDirectory.create(config.locations().workDir(), runId)) {
            while (true) {
                requireTimeLeft(plan, deadline);
                AttemptSetup setup = new AttemptSetup(plan.cwd().orElseGet(dir::freshWorkDir), dir.path(),
                        progress.model, Ids.uuid().toString(), plan.stream());
                Attempt attempt = attempt(plan, program, setup, relay, deadline, cancel);
                if (attempt instanceof Attempt.Succeeded ok) {
                    watch.finish();
                    return success(plan, setup, ok, progress.fallback, relay);
                }
                if (attempt instanceof Attempt.TimedOut) {
                    throw timeout(plan);
                }
                if (attempt instanceof Attempt.Cancelled || cancel.isCancelled()) {
                    throw cancelled(cancel);
                }
                Attempt.Failed failed = (Attempt.Failed) attempt;
                LOG.info("run {} attempt with model '{}' failed (retryable={}): {}", runId, progress.model,
                        failed.retryable(), failed.message());
                if (!nextAttempt(provider, failed, progress, relay, deadline, cancel)) {
                    throw new AgentException(Reason.CLI_FAILED, failed.message());
                }
            }
        }
    }

    /** Prepares the retry or the fallback after a failed attempt; false when the run has failed for good. */
    private boolean nextAttempt(Provider provider, Attempt.Failed failed, Progress progress, TextRelay relay,
            Instant deadline, Cancellation cancel) {
        if (relay.sentAny()) {
            return false;
        }
        progress.tries++;
        if (failed.retryable() && progress.tries == 2) {
            pause(deadline, cancel);
            return true;
        }
        Optional<String> smaller = ModelChoice.fallbackFor(provider, progress.model);
        if (progress.fallback.isPresent() || smaller.isEmpty()) {
            return false;
        }
        progress.fallback = Optional.of(new Fallback(progress.model, smaller.get()));
        relay.prefix(progress.fallback.get().notice() + "\n\n");
        progress.model = smaller.get();
        progress.tries = 2;
        return true;
    }

    /** Where a run stands between attempts. */
    private static final class Progress {
        String model;
        Optional<Fallback> fallback = Optional.empty();
        int tries = 1;

        Progress(String model) {
            this.model = model;
        }
    }

    private Attempt attempt(RunPlan plan, String program, AttemptSetup setup, RunListener relay, Instant deadline,
            Cancellation cancel) {
        Provider provider = plan.model().provider();
        Map<String, String> env = CliEnvironment.build(provider, config.cli(), config.locations());
        CliCommand command = provider == Provider.CLAUDE
                ? ClaudeCommand.build(program, plan, setup, env)
                : CodexCommand.build(program, plan, setup, env, config.cli().codexConfig());
        OutputParser parser = provider == Provider.CLAUDE
                ? new ClaudeOutputParser() : new CodexOutputParser(command.lastMessageFile());
        try {
            return runner.run(command, parser, relay, deadline, cancel);
        } finally {
            if (provider == Provider.CLAUDE) {
                SessionFiles.removeClaudeSession(config.locations().claudeHome(), setup.sessionId());
                if (setup.cwd().startsWith(setup.runDir())) {
                    SessionFiles.removeScratchProject(config.locations().claudeHome(), setup.cwd());
                }
            }
        }
    }

    private ChatResult success(RunPlan plan, AttemptSetup setup, Attempt.Succeeded ok, Optional<Fallback> fallback,
            TextRelay relay) {
        String content = fallback.map(f -> f.notice() + "\n\n" + ok.content()).orElse(ok.content());
        if (plan.stream() && !relay.sentAny()) {
            relay.onText(ok.content());
        }
        Optional<Map<String, String>> files = plan.mode() == Mode.OUTPUT_FILES
                ? Optional.of(OutputFiles.collect(setup.cwd(), config.limits().maxOutputBytes()))
                : Optional.empty();
        return new ChatResult(content, ok.usage(), files, fallback);
    }

    private void requireTimeLeft(RunPlan plan, Instant deadline) {
        if (!Instant.now().isBefore(deadline)) {
            throw timeout(plan);
        }
    }

    private static AgentException timeout(RunPlan plan) {
        return new AgentException(Reason.TIMEOUT, "the " + plan.model().provider().wireName()
                + " run timed out after " + seconds(plan.timeout()) + " s");
    }

    private void pause(Instant deadline, Cancellation cancel) {
        Instant until = Instant.now().plus(config.limits().retryDelay());
        until = until.isAfter(deadline) ? deadline : until;
        while (Instant.now().isBefore(until) && !cancel.isCancelled()) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, Duration.between(Instant.now(), until).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel();
            }
        }
        if (cancel.isCancelled()) {
            throw cancelled(cancel);
        }
    }

    /** The error of a cancelled run: the guard's reason when a guard stopped it. */
    private static AgentException cancelled(Cancellation cancel) {
        return cancel.reason().orElseGet(() -> new AgentException(Reason.RUN_CANCELLED, "the run was cancelled"));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format("%.1f", d.toMillis() / 1000.0);
    }
}
