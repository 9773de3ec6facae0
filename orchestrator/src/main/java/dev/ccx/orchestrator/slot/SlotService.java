package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns slot lifecycle above the backend: one start per user however many requests race, readiness before
 * forwarding, activity tracking, idle reaping, the host-wide cap with LRU eviction, stop and purge.
 */
public final class SlotService {
    private static final Logger LOG = LoggerFactory.getLogger(SlotService.class);
    private static final int RETRY_AFTER_SECONDS = 10;
    private static final long FAST_PROBE_MILLIS = 5;
    private static final Duration FAST_PROBING = Duration.ofSeconds(1);

    private final SlotBackend backend;
    private final SlotSpecs specs;
    private final SlotNames names;
    private final ReadinessProbe probe;
    private final SlotObserver observer;
    private final Clock clock;
    private final int maxRunning;
    private final Duration readyTimeout;
    private volatile boolean stopping;
    private final ConcurrentHashMap<String, SlotRecord> records = new ConcurrentHashMap<>();
    private final Object capacityLock = new Object();
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();

    public SlotService(SlotBackend backend, SlotSpecs specs, SlotNames names, ReadinessProbe probe,
                       SlotObserver observer, Clock clock, int maxRunning, Duration readyTimeout) {
        this.backend = backend;
        this.specs = specs;
        this.names = names;
        this.probe = probe;
        this.observer = observer;
        this.clock = clock;
        this.maxRunning = maxRunning;
        this.readyTimeout = readyTimeout;
    }

    /** Rebuilds state from the runners the backend already has (after an orchestrator restart). */
    public int adoptExisting() {
        List<SlotInstance> found = backend.listManaged();
        for (SlotInstance instance : found) {
            SlotRecord rec = record(instance.user());
            rec.instance = instance;
        }
        LOG.info("adopted {} existing runner(s)", found.size());
        return found.size();
    }

    /** Returns a lease on the user's ready runner, starting or resuming it first when needed. */
    public Lease acquire(UserId user) {
        SlotRecord rec = record(user);
        rec.inFlight.incrementAndGet();
        boolean acquired = false;
        try {
            SlotInstance instance = rec.ready ? rec.instance : null;
            if (instance == null) {
                instance = startLocked(rec);
            }
            rec.lastActivity = clock.instant();
            acquired = true;
            Lease lease = new Lease(this, rec, instance);
            leases.add(lease);
            return lease;
        } finally {
            if (!acquired) {
                rec.inFlight.decrementAndGet();
            }
        }
    }

    void release(SlotRecord rec, Lease lease) {
        leases.remove(lease);
        rec.lastActivity = clock.instant();
        rec.inFlight.decrementAndGet();
    }

    /**
     * Cuts every request in flight off its runner (at shutdown, once the grace period is over) and ends those still
     * waiting for their runner to start with 503 {@code shutting_down}; returns how many requests were in flight.
     */
    public int abortInFlight() {
        int inFlight = inFlightTotal();
        stopping = true;
        List.copyOf(leases).forEach(Lease::abort);
        return inFlight;
    }

    private SlotInstance startLocked(SlotRecord rec) {
        rec.lock.lock();
        try {
            if (rec.ready && rec.instance != null) {
                return rec.instance;
            }
            refuseIfStopping();
            SlotSpec spec = specs.specFor(rec.user);
            SlotInstance current = rec.instance;
            boolean stale = current != null && !current.configHash().equals(spec.configHash());
            if (current != null && current.running() && stale && rec.inFlight.get() > 1 && probe.ready(current)) {
                return current; // busy with older config: replace it once idle
            }
            String kind = kind(current, stale);
            reserveCapacity(rec);
            Instant t0 = clock.instant();
            try {
                SlotInstance started = backend.ensureRunning(spec);
                rec.instance = started;
                Instant t1 = clock.instant();
                awaitReady(started);
                if (!"unpause".equals(kind)) {
                    backend.settle(spec, started); // the policy's CPU limit (see SlotBackend)
                }
                rec.ready = true;
                Duration elapsed = Duration.between(t0, clock.instant());
                observer.started(kind, elapsed);
                LOG.info("slot {} ready ({}, {} ms: backend {} ms, agent {} ms)", rec.slotName, kind,
                        elapsed.toMillis(), Duration.between(t0, t1).toMillis(), Duration.between(t1, clock.instant())
                                .toMillis());
                return started;
            } finally {
                rec.starting = false;
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            rec.ready = false;
            LOG.warn("could not start slot {}: {}", rec.slotName, e.toString());
            throw new ApiException(503, "server_error", "slot_start_failed",
                    "the user's runner could not be started; try again", RETRY_AFTER_SECONDS, e);
        } finally {
            rec.lock.unlock();
        }
    }

    /** How a start is reported: a new runner, a resumed or unpaused one, or one found already running. */
    private static String kind(SlotInstance current, boolean stale) {
        if (current == null || stale) {
            return "cold";
        }
        return current.running() ? "adopt" : current.state() == SlotState.PAUSED ? "unpause" : "resume";
    }

    /**
     * Probes at once (an unpaused runner answers immediately), then every {@value #FAST_PROBE_MILLIS} ms for the
     * first second (an agent's JVM is ready in a few hundred ms; a refused connection costs next to nothing), then
     * backs off to every 100 ms.
     */
    private void awaitReady(SlotInstance instance) {
        Instant begin = clock.instant();
        Instant deadline = begin.plus(readyTimeout);
        long pause = FAST_PROBE_MILLIS;
        while (!probe.ready(instance)) {
            refuseIfStopping();
            if (clock.instant().isAfter(deadline)) {
                throw new ApiException(503, "server_error", "runner_not_ready",
                        "the user's runner did not become ready in time", RETRY_AFTER_SECONDS, null);
            }
            sleep(pause);
            if (clock.instant().isAfter(begin.plus(FAST_PROBING))) {
                pause = Math.min(pause * 2, 100);
            }
        }
    }

    /** A start, or a wait for one, at shutdown after the grace period: the caller is told to come back. */
    private void refuseIfStopping() {
        if (stopping) {
            throw ApiException.shuttingDown();
        }
    }

    private void reserveCapacity(SlotRecord rec) {
        synchronized (capacityLock) {
            if (rec.countsAsRunning()) {
                rec.starting = true;
                return;
            }
            long running = records.values().stream().filter(r -> r != rec && r.countsAsRunning()).count();
            if (running >= maxRunning) {
                List<SlotRecord> idle = records.values().stream()
                        .filter(r -> r != rec && r.countsAsRunning() && r.inFlight.get() == 0)
                        .sorted(Comparator.comparing(r -> r.lastActivity))
                        .toList();
                boolean evicted = idle.stream().anyMatch(victim -> stopIfIdle(victim, "evicted"));
                if (!evicted) {
                    throw ApiException.unavailable("capacity_exhausted",
                            "all " + maxRunning + " runner slots on this host are busy; retry later",
                            RETRY_AFTER_SECONDS);
                }
            }
            rec.starting = true;
        }
    }

    /** Stops the slot only if no request holds it; never waits for a busy slot. */
    private boolean stopIfIdle(SlotRecord rec, String reason) {
        if (!rec.lock.tryLock()) {
            return false;
        }
        try {
            boolean wasReady = rec.ready;
            rec.ready = false;
            if (rec.inFlight.get() > 0) {
                rec.ready = wasReady;
                return false;
            }
            backend.stop(rec.slotName);
            rec.instance = backend.inspect(rec.slotName).orElse(null);
            observer.stopped(reason);
            LOG.info("stopped slot {} ({})", rec.slotName, reason);
            return true;
        } finally {
            rec.lock.unlock();
        }
    }

    /** The desired runner definition may have changed (e.g. a new image): re-check every slot on its next use. */
    public void configChanged() {
        records.values().forEach(r -> r.ready = false);
    }

    /**
     * The two-stage idle policy: pauses running runners idle longer than their policy's {@code pause_after} (when
     * set and the backend can pause) and stops runners idle longer than {@code idle_timeout}, paused or not.
     * Returns how many were stopped.
     */
    public int reapIdle() {
        Instant now = clock.instant();
        int stopped = 0;
        for (SlotRecord rec : records.values()) {
            if (!rec.countsAsRunning() || rec.inFlight.get() > 0) {
                continue;
            }
            Duration idle = Duration.between(rec.lastActivity, now);
            if (idle.compareTo(specs.idleTimeout(rec.user)) > 0) {
                stopped += stopIfIdle(rec, "idle") ? 1 : 0;
            } else if (rec.instance != null && rec.instance.running()
                    && specs.pauseAfter(rec.user).filter(after -> idle.compareTo(after) > 0).isPresent()) {
                pauseIfIdle(rec);
            }
        }
        return stopped;
    }

    /** Pauses the slot only if no request holds it (same protocol as {@link #stopIfIdle}); never waits. */
    private void pauseIfIdle(SlotRecord rec) {
        if (!rec.lock.tryLock()) {
            return;
        }
        try {
            boolean wasReady = rec.ready;
            rec.ready = false;
            if (rec.inFlight.get() > 0 || !backend.pause(rec.slotName)) {
                rec.ready = wasReady;
                return;
            }
            rec.instance = backend.inspect(rec.slotName).orElse(null);
            observer.paused();
            LOG.info("paused slot {} (idle)", rec.slotName);
        } finally {
            rec.lock.unlock();
        }
    }

    /** Stops the user's runner (requests in flight on it fail); false when none was running. */
    public boolean stop(UserId user) {
        SlotRecord rec = record(user);
        rec.lock.lock();
        try {
            rec.ready = false;
            boolean stopped = backend.stop(rec.slotName);
            rec.instance = backend.inspect(rec.slotName).orElse(null);
            if (stopped) {
                observer.stopped("admin");
            }
            return stopped;
        } finally {
            rec.lock.unlock();
        }
    }

    /** Removes the user's runner and the given volumes of that user only; idempotent. */
    public PurgeResult purge(UserId user, Set<VolumeKind> kinds) {
        SlotRecord rec = record(user);
        rec.lock.lock();
        try {
            rec.ready = false;
            Set<String> volumes = kinds.stream().map(k -> names.volumeName(user, k)).collect(Collectors.toSet());
            PurgeResult result = backend.remove(rec.slotName, volumes);
            rec.instance = null;
            return result;
        } finally {
            rec.lock.unlock();
        }
    }

    public PurgeResult purge(UserId user) {
        return purge(user, EnumSet.allOf(VolumeKind.class));
    }

    public List<SlotView> list() {
        return records.values().stream()
                .filter(r -> r.instance != null || r.starting || r.inFlight.get() > 0)
                .sorted(Comparator.comparing(r -> r.user.value()))
                .map(SlotService::view)
                .toList();
    }

    public Optional<SlotView> find(UserId user) {
        return Optional.ofNullable(records.get(names.slotName(user))).map(SlotService::view);
    }

    /** The user's runner when it is up and ready, without starting it or counting as activity (admin probes). */
    public Optional<SlotInstance> readyInstance(UserId user) {
        SlotRecord rec = records.get(names.slotName(user));
        SlotInstance instance = rec == null || !rec.ready ? null : rec.instance;
        return Optional.ofNullable(instance).filter(SlotInstance::running);
    }

    public int inFlightTotal() {
        return records.values().stream().mapToInt(r -> r.inFlight.get()).sum();
    }

    public long runningCount() {
        return records.values().stream().filter(SlotRecord::countsAsRunning).count();
    }

    private static SlotView view(SlotRecord r) {
        SlotInstance instance = r.instance;
        String state = r.starting ? "starting"
                : instance == null ? "absent"
                : instance.running() ? (r.inFlight.get() > 0 ? "busy" : "running")
                : instance.state() == SlotState.PAUSED ? "paused"
                : "stopped";
        return new SlotView(r.user.value(), r.slotName, state, r.lastActivity, r.inFlight.get(),
                Optional.ofNullable(instance).map(SlotInstance::shortId));
    }

    private SlotRecord record(UserId user) {
        String slot = names.slotName(user);
        return records.computeIfAbsent(slot, s -> new SlotRecord(user, s, clock.instant()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a runner", e);
        }
    }
}
