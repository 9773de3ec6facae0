package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.HttpsRunnerTransport;
import dev.ccx.orchestrator.testing.FakeSlotBackend;
import dev.ccx.orchestrator.testing.TestClock;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A slot service wired as the orchestrator wires it (real CA, mutual-TLS readiness probe, the built-in policy)
 * over the in-process {@link FakeSlotBackend}, with a hand-moved clock and a record of what happened.
 */
final class SlotFixture implements AutoCloseable {
    final FakeSlotBackend fake;
    final CountingBackend backend;
    final HttpsRunnerTransport transport;
    final SlotNames names = new SlotNames("test");
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final AtomicReference<String> imageId = new AtomicReference<>("sha256:v1");
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final AtomicInteger paused = new AtomicInteger();
    /** Runners matching this are reported not ready (as if their agent were still booting). */
    volatile Predicate<SlotInstance> booting = instance -> false;
    private final RunnerSpecs specs;

    SlotFixture(Path stateDir) {
        this(stateDir, PolicyLoader.load(Optional.empty()));
    }

    /** With a policy of the test's own (e.g. idle timings). */
    SlotFixture(Path stateDir, PolicySet policies) {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        transport = new HttpsRunnerTransport(new RunnerTlsContexts(ca));
        fake = new FakeSlotBackend(slot -> RunnerTlsEnvironment.issue(ca, slot).variables());
        fake.startDelayMillis = 0;
        backend = new CountingBackend(fake);
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of("CCX_INSTANCE", "test"));
        specs = new RunnerSpecs(config, policies, names, imageId::get);
    }

    /** A slot service as after an orchestrator (re)start, sharing this fixture's backend and clock. */
    SlotService service(int maxRunning) {
        SlotObserver observer = new SlotObserver() {
            @Override
            public void started(String kind, Duration elapsed) {
                started.add(kind);
            }

            @Override
            public void stopped(String reason) {
                stopped.add(reason);
            }

            @Override
            public void paused() {
                paused.incrementAndGet();
            }
        };
        ReadinessProbe probe = instance -> !booting.test(instance) && transport.ready(instance);
        return new SlotService(backend, specs, names, probe, observer, clock, maxRunning, Duration.ofSeconds(5));
    }

    static UserId user(String id) {
        return new UserId(id);
    }

    String slot(String user) {
        return names.slotName(user(user));
    }

    boolean running(String user) {
        return fake.runner(slot(user)).isPresent();
    }

    /** One short request: acquire, then release. */
    SlotInstance use(SlotService service, String user) {
        try (Lease lease = service.acquire(user(user))) {
            return lease.instance();
        }
    }

    Set<String> volumesOf(String user) {
        return Set.of(names.volumeName(user(user), VolumeKind.CLAUDE), names.volumeName(user(user), VolumeKind.CODEX),
                names.volumeName(user(user), VolumeKind.JOBS));
    }

    @Override
    public void close() {
        fake.close();
    }

    /** Counts how often the slot service asks the backend to start a runner. */
    static final class CountingBackend implements SlotBackend {
        final AtomicInteger ensureCalls = new AtomicInteger();
        private final SlotBackend delegate;

        CountingBackend(SlotBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public SlotInstance ensureRunning(SlotSpec spec) {
            ensureCalls.incrementAndGet();
            return delegate.ensureRunning(spec);
        }

        @Override
        public void settle(SlotSpec spec, SlotInstance runner) {
            delegate.settle(spec, runner);
        }

        @Override
        public Optional<SlotInstance> inspect(String slotName) {
            return delegate.inspect(slotName);
        }

        @Override
        public boolean stop(String slotName) {
            return delegate.stop(slotName);
        }

        @Override
        public boolean pause(String slotName) {
            return delegate.pause(slotName);
        }

        @Override
        public PurgeResult remove(String slotName, Set<String> volumeNames) {
            return delegate.remove(slotName, volumeNames);
        }

        @Override
        public List<SlotInstance> listManaged() {
            return delegate.listManaged();
        }

        @Override
        public boolean healthy() {
            return delegate.healthy();
        }
    }
}
