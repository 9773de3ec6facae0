package dev.ccx.runner.login;

import dev.ccx.runner.cli.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one short CLI helper command ({@code claude auth logout}, {@code codex login --with-access-token}, …) with
 * an explicit environment and a deadline, in its own process group so a timeout stops everything it started.
 */
public final class ShortCommand {

    private static final String SETSID = "/usr/bin/setsid";
    private static final int OUTPUT_TAIL = 8192;

    private final ProcessTree tree;

    public ShortCommand(ProcessTree tree) {
        this.tree = tree;
    }

    /**
     * The outcome of a run.
     *
     * @param exitCode the exit status, -1 after a timeout
     * @param output   the tail of stdout and stderr, merged
     */
    public record Result(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv} in {@code cwd}; {@code stdin} (if any) is written to it and closed. */
    public Result run(List<String> argv, Map<String, String> env, Path cwd, Optional<String> stdin, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(SETSID, "--wait"));
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (stdin.isEmpty()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = pb.start();
        Tail tail = new Tail(process.getInputStream());
        Thread reader = new Thread(tail, "login-cmd-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        if (stdin.isPresent()) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command exited without reading its input; its exit status tells the rest
            }
        }
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                tree.stop(process.toHandle());
            } else {
                tree.reapLeftovers(process.toHandle());
            }
            reader.join(2000);
            return new Result(exited ? process.exitValue() : -1, tail.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.stop(process.toHandle());
            return new Result(-1, tail.text());
        }
    }

    /** Keeps the last few KiB of a stream. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final StringBuilder text = new StringBuilder();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (text.length() > OUTPUT_TAIL) {
                            text.delete(0, text.length() - OUTPUT_TAIL);
                        }
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
