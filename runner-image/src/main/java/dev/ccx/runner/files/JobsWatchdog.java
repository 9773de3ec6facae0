package dev.ccx.runner.files;

import dev.ccx.runner.cli.Cancellation;
import dev.ccx.runner.cli.ContainerProcesses;
import dev.ccx.runner.cli.RunGuard;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds what agents write to the jobs quota. While a run is in flight, or any process besides the agent is alive,
 * it measures the writable volumes ({@link VolumeUsage}) every {@code interval}; once they hold more than the quota
 * it fails every run with 507 {@code quota_exceeded} and kills every other process at once, and it refuses new
 * runs until files are deleted; a run that ends with the volumes over the quota fails with the same 507. The
 * overshoot is bounded by what can be written between two walks (half a second, or four walks' time for huge
 * trees) plus one walk; the container's {@code fsize} limit caps every single file besides.
 */
public final class JobsWatchdog implements RunGuard {

    /** How often the volumes are measured while anything may be writing (less often when a walk takes long). */
    public static final Duration INTERVAL = Duration.ofMillis(500);
    /** A walk may take at most this share of the time between two walks. */
    private static final int WALK_SHARE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(JobsWatchdog.class);
    private static final int KILL_ROUNDS = 5;

    private final List<Path> roots;
    private final long quota;
    private final Duration interval;
    private final Supplier<Stream<ProcessHandle>> writers;
    private final Set<Cancellation> runs = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private boolean ticking;
    private volatile long lastWalkMillis;

    /**
     * Watches {@code roots} against {@code quota} bytes; {@code writers} lists the processes that may write (all but
     * the agent), which are killed when the quota is exceeded.
     */
    public JobsWatchdog(List<Path> roots, long quota, Duration interval, Supplier<Stream<ProcessHandle>> writers) {
        this.roots = List.copyOf(roots);
        this.quota = quota;
        this.interval = interval;
        this.writers = writers;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jobs-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(Math.max(1, interval.toMillis() * 2), TimeUnit.MILLISECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * The processes an over-quota runner kills: with the container's process view, every other process in the
     * container, strays that left their run's process tree included; without it (development, tests) only the
     * agent's own descendants.
     */
    public static Supplier<Stream<ProcessHandle>> writersBesidesTheAgent(Optional<ContainerProcesses> container) {
        return container.<Supplier<Stream<ProcessHandle>>>map(c -> c::others)
                .orElse(() -> ProcessHandle.current().descendants());
    }

    /** Refuses the run when the volumes are already over quota; otherwise watches it until the watch closes. */
    @Override
    public Watch watch(Cancellation cancel) {
        measure().filter(used -> used > quota).ifPresent(used -> {
            throw overQuota(used, "delete files or jobs before starting another run");
        });
        runs.add(cancel);
        ensureTicking();
        return new Watch() {
            @Override
            public void finish() {
                measure().filter(used -> used > quota).ifPresent(used -> {
                    throw overQuota(used, "the run left them there; delete files or jobs to continue");
                });
            }

            @Override
            public void close() {
                runs.remove(cancel);
            }
        };
    }

    private synchronized void ensureTicking() {
        if (!ticking) {
            ticking = true;
            timer.schedule(this::tick, delayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long delayMillis() {
        return Math.max(interval.toMillis(), lastWalkMillis * WALK_SHARE);
    }

    private void tick() {
        try {
            measure().filter(used -> used > quota).ifPresent(this::trip);
        } finally {
            synchronized (this) {
                ticking = !runs.isEmpty() || writers.get().findAny().isPresent();
                if (ticking) {
                    timer.schedule(this::tick, delayMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void trip(long used) {
        AgentException why = overQuota(used, "the run was stopped; delete files or jobs to continue");
        LOG.warn("volumes hold {} bytes, over the jobs quota of {}: stopping {} run(s) and every other process",
                used, quota, runs.size());
        runs.forEach(run -> run.cancel(why));
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> alive = writers.get().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return;
            }
            alive.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private Optional<Long> measure() {
        long start = System.nanoTime();
        try {
            return Optional.of(VolumeUsage.measure(roots));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot measure the volumes for the jobs quota: {}", e.toString());
            return Optional.empty();
        } finally {
            lastWalkMillis = (System.nanoTime() - start) / 1_000_000;
        }
    }

    private AgentException overQuota(long used, String what) {
        return new AgentException(Reason.QUOTA_EXHAUSTED, "the runner's volumes hold " + describe(used)
                + ", over the jobs quota of " + describe(quota) + "; " + what);
    }

    private static String describe(long bytes) {
        return bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", bytes / 1048576.0) + " MiB)";
    }
}
