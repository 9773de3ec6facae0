package dev.ccx.runner.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one CLI attempt: in a new session (so it leads its own process group) and first in line for the OOM killer
 * (so the agent outlives a memory bomb), stdin from /dev/null or the prompt file, stdout parsed line by line as it
 * arrives, stderr kept as a bounded tail. Ends at the deadline or on cancellation by stopping the whole process
 * tree; leftovers of a normal exit are stopped too.
 */
public final class CliRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CliRunner.class);
    private static final String SETSID = "/usr/bin/setsid";
    private static final String CHOOM = "/usr/bin/choom";
    private static final int STDERR_TAIL = 4096;
    private static final long POLL_MS = 50;

    private final ProcessTree tree;
    private final Optional<ContainerProcesses> container;
    private final AtomicInteger inFlight = new AtomicInteger();

    public CliRunner(ProcessTree tree) {
        this(tree, Optional.empty());
    }

    /** With the container's process view: when the last attempt in flight ends, nothing any run started survives. */
    public CliRunner(ProcessTree tree, Optional<ContainerProcesses> container) {
        this.tree = tree;
        this.container = container;
    }

    /** Runs {@code command} until it exits, {@code deadline} passes or {@code cancel} is set. */
    public Attempt run(CliCommand command, OutputParser parser, RunListener listener, Instant deadline,
            Cancellation cancel) {
        inFlight.incrementAndGet();
        try {
            return attempt(command, parser, listener, deadline, cancel);
        } finally {
            if (inFlight.decrementAndGet() == 0) {
                container.ifPresent(ContainerProcesses::killStrays);
            }
        }
    }

    private Attempt attempt(CliCommand command, OutputParser parser, RunListener listener, Instant deadline,
            Cancellation cancel) {
        List<String> argv = new ArrayList<>(List.of(SETSID, "--wait"));
        if (Files.isExecutable(Path.of(CHOOM))) {
            // the CLI's tree is the OOM killer's first choice, so a memory bomb in a tool never takes the agent down
            argv.addAll(List.of(CHOOM, "-n", "1000", "--"));
        }
        argv.addAll(command.argv());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(command.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(command.env());
        pb.redirectInput(command.stdin().map(p -> ProcessBuilder.Redirect.from(p.toFile()))
                .orElse(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            LOG.error("cannot start {}: {}", command.argv().get(0), e.toString());
            return new Attempt.Failed("the CLI could not be started", false);
        }
        LOG.info("started {} as pid {}", command, process.pid());
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread errThread = daemon("cli-stderr-" + process.pid(), stderr);
        Thread outThread = daemon("cli-stdout-" + process.pid(), () -> pump(process.getInputStream(), parser,
                listener));
        Attempt outcome = await(process, deadline, cancel);
        tree.reapLeftovers(process.toHandle());
        join(outThread);
        join(errThread);
        if (outcome != null) {
            LOG.info("pid {} stopped: {}", process.pid(), outcome.getClass().getSimpleName());
            return outcome;
        }
        int exit = process.exitValue();
        LOG.info("pid {} exited with status {}", process.pid(), exit);
        return parser.finish(exit, stderr.text());
    }

    /** Null once the process exited by itself; otherwise the reason it was stopped. */
    private Attempt await(Process process, Instant deadline, Cancellation cancel) {
        try {
            while (!process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    tree.stop(process.toHandle());
                    return new Attempt.Cancelled();
                }
                if (Instant.now().isAfter(deadline)) {
                    tree.stop(process.toHandle());
                    return new Attempt.TimedOut();
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.stop(process.toHandle());
            return new Attempt.Cancelled();
        }
    }

    private static void pump(InputStream out, OutputParser parser, RunListener listener) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                parser.accept(line, listener);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("stdout reader ended: {}", e.toString());
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the last few KiB of stderr. */
    private static final class StderrTail implements Runnable {
        private final InputStream in;
        private final StringBuilder tail = new StringBuilder();

        StderrTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (tail) {
                        tail.append(line).append('\n');
                        if (tail.length() > STDERR_TAIL) {
                            tail.delete(0, tail.length() - STDERR_TAIL);
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("stderr reader ended: {}", e.toString());
            }
        }

        String text() {
            synchronized (tail) {
                return tail.toString().strip();
            }
        }
    }
}
