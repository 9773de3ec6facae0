package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import dev.ccx.orchestrator.slot.SlotSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runners start with up to {@value #STARTUP_CPUS} CPUs (never fewer than the policy gives): their agent's JVM
 * compiles and sets up TLS on a second core while its main thread runs, and answers ~90 ms sooner than on one
 * (slot benchmark: agent ready 315 against 410 ms after {@code docker start}). Once it answers, {@link #settle}
 * sets the policy's limit ({@code docker update}, 15–30 ms while runners start, so it runs beside the first
 * request).
 */
final class StartupCpus {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCpus.class);
    static final double STARTUP_CPUS = 2.0;
    private final DockerClient docker;
    private volatile int hostCpus;

    StartupCpus(DockerClient docker) {
        this.docker = docker;
    }

    /** The CPUs a runner of {@code spec} is created with, in Docker's unit. */
    long forStart(SlotSpec spec) {
        long boost = Math.round(Math.min(STARTUP_CPUS, hostCpus()) * 1_000_000_000L);
        return Math.max(boost, RunnerContainers.nanoCpus(spec));
    }

    /** A stopped runner has the policy's limit from its last start: raised again for this one. */
    void raise(SlotSpec spec, String containerId) {
        if (boosted(spec)) {
            set(containerId, forStart(spec));
        }
    }

    /** Whether a runner of {@code spec} starts above the policy's limit, so {@link #settle} has work to do. */
    boolean boosted(SlotSpec spec) {
        return forStart(spec) > RunnerContainers.nanoCpus(spec);
    }

    /** Sets the policy's limit on one {@link #boosted} runner; throws when Docker refuses (the caller stops it). */
    void settle(SlotSpec spec, String containerId) {
        set(containerId, RunnerContainers.nanoCpus(spec));
    }

    /** The engine's CPU count (Docker refuses a limit above it); 1 when it cannot be read. */
    int hostCpus() {
        int cpus = hostCpus;
        if (cpus == 0) {
            try {
                Integer reported = docker.infoCmd().exec().getNCPU();
                cpus = reported == null || reported < 1 ? 1 : reported;
            } catch (RuntimeException e) {
                LOG.debug("engine CPU count unavailable: {}", e.toString());
                return 1;
            }
            hostCpus = cpus;
        }
        return cpus;
    }

    private void set(String container, long nanoCpus) {
        docker.updateContainerCmd(container).withNanoCPUs(nanoCpus).exec();
    }
}
