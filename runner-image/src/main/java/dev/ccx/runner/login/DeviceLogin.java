package dev.ccx.runner.login;

import dev.ccx.runner.cli.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code codex login --device-auth}: started in its own process group, its merged output collected (and
 * drained to the end so the CLI never blocks), until it prints the device prompt and later exits.
 */
public final class DeviceLogin {

    private static final String SETSID = "/usr/bin/setsid";
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Process process;
    private final ProcessTree tree;
    private final StringBuilder output = new StringBuilder();

    private DeviceLogin(Process process, ProcessTree tree) {
        this.process = process;
        this.tree = tree;
    }

    /** Starts {@code argv} (the codex login command) with {@code env} in {@code cwd}. */
    public static DeviceLogin start(List<String> argv, Map<String, String> env, Path cwd, ProcessTree tree)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(SETSID, "--wait"));
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        DeviceLogin login = new DeviceLogin(pb.start(), tree);
        Thread reader = new Thread(login::drain, "codex-login-" + login.process.pid());
        reader.setDaemon(true);
        reader.start();
        return login;
    }

    /** Waits up to {@code max} for the prompt; empty if the CLI exits or the time passes first. */
    public Optional<DevicePrompt> awaitPrompt(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            Optional<DevicePrompt> prompt = DevicePrompt.find(output());
            if (prompt.isPresent() || !process.isAlive() || System.nanoTime() > end
                    || Thread.currentThread().isInterrupted()) {
                return prompt.isPresent() ? prompt : DevicePrompt.find(output());
            }
            sleep(50);
        }
    }

    /** Waits up to {@code max} for the CLI to exit; its exit status, or empty while it still runs. */
    public OptionalInt awaitExit(Duration max) {
        try {
            if (process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Stops the CLI and anything it started. */
    public void stop() {
        tree.stop(process.toHandle());
    }

    /** What the CLI printed so far (capped). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    private void drain() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
