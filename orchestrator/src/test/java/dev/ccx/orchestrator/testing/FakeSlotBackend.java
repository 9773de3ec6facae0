package dev.ccx.orchestrator.testing;

import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.SlotBackend;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.SlotState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link SlotBackend}: each "container" is a {@link FakeRunner} (or whatever a {@link Starter}
 * starts, e.g. the real runner agent) with a real TLS identity issued through the same {@link RunnerCredentials}
 * the Docker backend uses; volumes are names in a set.
 */
public final class FakeSlotBackend implements SlotBackend, AutoCloseable {
    /** Starts one in-process runner for a slot's spec and TLS environment. */
    @FunctionalInterface
    public interface Starter {
        Started start(SlotSpec spec, Map<String, String> tlsEnv) throws IOException;
    }

    /** A running in-process runner. */
    public interface Started {
        int port();

        void close();
    }

    private final RunnerCredentials credentials;
    private final Starter starter;
    private final Map<String, Entry> containers = new ConcurrentHashMap<>();
    public final Set<String> volumes = ConcurrentHashMap.newKeySet();
    public final AtomicInteger creations = new AtomicInteger();
    public final AtomicInteger starts = new AtomicInteger();
    public final AtomicInteger pauses = new AtomicInteger();
    public final AtomicInteger unpauses = new AtomicInteger();
    public final AtomicInteger settles = new AtomicInteger();
    /** Non-null makes {@link #settle} fail with it (after stopping the runner), as the Docker backend does. */
    public volatile RuntimeException settleFailure;
    /** False makes this backend behave like one that cannot pause (as the Kubernetes one). */
    public volatile boolean canPause = true;
    public volatile long startDelayMillis = 30;
    public volatile boolean healthy = true;

    public FakeSlotBackend(RunnerCredentials credentials) {
        this(credentials, (spec, tlsEnv) -> new FakeRunner(spec.slotName(), tlsEnv));
    }

    public FakeSlotBackend(RunnerCredentials credentials, Starter starter) {
        this.credentials = credentials;
        this.starter = starter;
    }

    private static final class Entry {
        final SlotSpec spec;
        final String id;
        volatile Started runner;
        volatile Instant started;
        volatile boolean paused;

        Entry(SlotSpec spec, String id) {
            this.spec = spec;
            this.id = id;
        }
    }

    @Override
    public synchronized SlotInstance ensureRunning(SlotSpec spec) {
        Entry entry = containers.get(spec.slotName());
        if (entry != null && !entry.spec.configHash().equals(spec.configHash())) {
            stopRunner(entry);
            containers.remove(spec.slotName());
            entry = null;
        }
        if (entry == null) {
            volumes.addAll(spec.volumeNames());
            entry = new Entry(spec, "fake" + creations.incrementAndGet() + "0123456789abcdef");
            containers.put(spec.slotName(), entry);
        }
        if (entry.paused) {
            entry.paused = false;
            unpauses.incrementAndGet();
        }
        if (entry.runner == null) {
            pause(startDelayMillis);
            try {
                entry.runner = starter.start(spec, credentials.issueEnv(spec.slotName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            entry.started = Instant.now();
            starts.incrementAndGet();
        }
        return view(entry);
    }

    @Override
    public Optional<SlotInstance> inspect(String slotName) {
        return Optional.ofNullable(containers.get(slotName)).map(FakeSlotBackend::view);
    }

    @Override
    public void settle(SlotSpec spec, SlotInstance runner) {
        settles.incrementAndGet();
        RuntimeException failure = settleFailure;
        if (failure != null) {
            stop(spec.slotName());
            throw failure;
        }
    }

    @Override
    public synchronized boolean stop(String slotName) {
        Entry entry = containers.get(slotName);
        if (entry == null || entry.runner == null) {
            return false;
        }
        stopRunner(entry);
        return true;
    }

    @Override
    public synchronized boolean pause(String slotName) {
        Entry entry = containers.get(slotName);
        if (!canPause || entry == null || entry.runner == null || entry.paused) {
            return false;
        }
        entry.paused = true;
        pauses.incrementAndGet();
        return true;
    }

    @Override
    public synchronized PurgeResult remove(String slotName, Set<String> volumeNames) {
        Entry entry = containers.remove(slotName);
        if (entry != null) {
            stopRunner(entry);
        }
        List<String> removed = new ArrayList<>();
        for (String v : volumeNames) {
            if (volumes.remove(v)) {
                removed.add(v);
            }
        }
        return new PurgeResult(entry != null || !removed.isEmpty(), entry != null, removed);
    }

    @Override
    public List<SlotInstance> listManaged() {
        return containers.values().stream().map(FakeSlotBackend::view).toList();
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    /** The runner currently serving a slot (for assertions), if running. */
    public Optional<FakeRunner> runner(String slotName) {
        return Optional.ofNullable(containers.get(slotName)).map(e -> e.runner)
                .filter(FakeRunner.class::isInstance).map(FakeRunner.class::cast);
    }

    /** Simulates the container dying under the orchestrator (e.g. killed by the OOM killer). */
    public void crash(String slotName) {
        Entry entry = containers.get(slotName);
        if (entry != null) {
            stopRunner(entry);
        }
    }

    private static SlotInstance view(Entry e) {
        Started runner = e.runner;
        SlotState state = runner == null ? SlotState.STOPPED : e.paused ? SlotState.PAUSED : SlotState.RUNNING;
        return new SlotInstance(e.spec.user(), e.spec.slotName(), state,
                e.id, runner == null ? Optional.empty() : Optional.of("127.0.0.1"),
                runner == null ? 0 : runner.port(), e.spec.configHash(),
                e.started == null ? Instant.EPOCH : e.started);
    }

    private static void stopRunner(Entry entry) {
        Started runner = entry.runner;
        entry.runner = null;
        entry.paused = false;
        if (runner != null) {
            runner.close();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        containers.values().forEach(FakeSlotBackend::stopRunner);
    }
}
