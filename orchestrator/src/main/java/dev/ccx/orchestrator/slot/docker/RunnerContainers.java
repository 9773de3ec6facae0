package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.SlotState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the hardened container definition of a runner and translates Docker objects back into slot terms. */
final class RunnerContainers {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerContainers.class);
    static final String RUNNER_USER = "10001:10001";
    private final DockerClient docker;
    private final String instance;
    private final RunnerCredentials credentials;

    RunnerContainers(DockerClient docker, String instance, RunnerCredentials credentials) {
        this.docker = docker;
        this.instance = instance;
        this.credentials = credentials;
    }

    /** The slot's three volumes, created in parallel (creating an existing volume is a no-op for Docker). */
    List<CompletableFuture<Void>> ensureVolumes(SlotSpec spec, Executor executor) {
        List<CompletableFuture<Void>> created = new ArrayList<>();
        spec.volumes().forEach((kind, name) -> created.add(CompletableFuture.runAsync(() -> {
            Map<String, String> labels = labels(spec.user(), spec.slotName(), "volume-" + kind.suffix());
            docker.createVolumeCmd().withName(name).withLabels(labels).exec();
        }, executor)));
        return created;
    }

    /** The runner's TLS variables (a new key and certificate, a few ms of CPU), issued on {@code executor}. */
    CompletableFuture<Map<String, String>> issueCredentials(SlotSpec spec, Executor executor) {
        return CompletableFuture.supplyAsync(() -> credentials.issueEnv(spec.slotName()), executor);
    }

    /**
     * Creates the runner's container (not started) with its TLS variables {@code tls} on {@code network}, or in an
     * anchor's namespace when that is {@code container:<anchor>} (its host name and host entries are then the
     * anchor's); returns its id.
     */
    String create(SlotSpec spec, Map<String, String> tls, String network, long startupNanoCpus) {
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        tls.forEach((k, v) -> env.add(k + "=" + v));
        env.add("CCX_SLOT=" + spec.slotName());
        env.add("CCX_PORT=" + spec.agentPort());
        Map<String, String> labels = labels(spec.user(), spec.slotName(), "runner");
        labels.put(SlotLabels.CONFIG_HASH, spec.configHash());
        labels.put(SlotLabels.IMAGE, spec.image());
        var command = docker.createContainerCmd(spec.imageId()).withName(spec.slotName());
        if (!NetworkAnchors.joinsAnother(network)) {
            command.withHostName(spec.slotName());
        }
        String id = command
                .withUser(RUNNER_USER)
                .withEnv(env)
                .withLabels(labels)
                .withHostConfig(hostConfig(spec, network, startupNanoCpus))
                .exec().getId();
        LOG.info("created runner {} for user {} on {} (config {})", spec.slotName(), spec.user(), network,
                spec.configHash());
        return id;
    }

    /** With {@code nanoCpus} for the start (see {@link StartupCpus}); every other limit as the policy. */
    private static HostConfig hostConfig(SlotSpec spec, String network, long nanoCpus) {
        List<Mount> mounts = new ArrayList<>();
        spec.volumes().forEach((kind, name) -> mounts.add(new Mount().withType(MountType.VOLUME)
                .withSource(name).withTarget(kind.mountPath()).withReadOnly(false)));
        List<String> securityOpts = new ArrayList<>(List.of("no-new-privileges:true"));
        spec.seccompProfileJson().ifPresent(json -> securityOpts.add("seccomp=" + json));
        return HostConfig.newHostConfig()
                .withMounts(mounts)
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + spec.limits().tmpfsBytes() + ",mode=1777"))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(securityOpts)
                .withPrivileged(false)
                .withMemory(spec.limits().memoryBytes())
                .withMemorySwap(spec.limits().memoryBytes())
                .withNanoCPUs(nanoCpus)
                .withPidsLimit(spec.limits().pids())
                .withInit(true)
                .withNetworkMode(network)
                .withExtraHosts(NetworkAnchors.joinsAnother(network) ? null
                        : spec.extraHosts().toArray(String[]::new))
                .withRestartPolicy(RestartPolicy.noRestart())
                .withUlimits(ulimits(spec))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", "10m", "max-file", "2")));
    }

    /** Open files, no core dumps and, with a jobs quota, no single file larger than the quota ({@code fsize}). */
    private static List<Ulimit> ulimits(SlotSpec spec) {
        List<Ulimit> limits = new ArrayList<>(List.of(new Ulimit("nofile", 4096L, 4096L), new Ulimit("core", 0L, 0L)));
        spec.limits().jobsQuotaBytes().ifPresent(quota -> limits.add(new Ulimit("fsize", quota, quota)));
        return limits;
    }

    /** The policy's CPU limit in Docker's unit. */
    static long nanoCpus(SlotSpec spec) {
        return Math.round(spec.limits().cpus() * 1_000_000_000L);
    }

    /** Removes one of this slot's volumes, retrying while Docker still considers it in use. */
    boolean removeVolume(String name, String slotName) {
        InspectVolumeResponse volume;
        try {
            volume = docker.inspectVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            return false;
        }
        Map<String, String> labels = volume.getLabels() == null ? Map.of() : volume.getLabels();
        if (!slotName.equals(labels.get(SlotLabels.SLOT)) || !instance.equals(labels.get(SlotLabels.INSTANCE))) {
            LOG.warn("refusing to remove volume {}: it is not labelled as slot {}", name, slotName);
            return false;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                docker.removeVolumeCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            } catch (ConflictException e) {
                if (attempt >= 20) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    /** The network a container was created on (its only one). */
    static Optional<String> networkOf(InspectContainerResponse c) {
        return Optional.ofNullable(c.getHostConfig()).map(HostConfig::getNetworkMode).filter(n -> !n.isBlank());
    }

    /** The slot view of a container, or empty when the container is not one of this instance's runners. */
    Optional<SlotInstance> toInstance(InspectContainerResponse c) {
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null
                ? Map.of() : c.getConfig().getLabels();
        if (!SlotLabels.MANAGED_BY_VALUE.equals(labels.get(SlotLabels.MANAGED_BY))
                || !instance.equals(labels.get(SlotLabels.INSTANCE))
                || !"runner".equals(labels.get(SlotLabels.KIND))
                || UserId.problem(labels.get(SlotLabels.USER)) != null) {
            return Optional.empty();
        }
        boolean running = c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning());
        boolean paused = running && Boolean.TRUE.equals(c.getState().getPaused());
        String network = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
        Optional<String> ip = Optional.empty();
        if (running && c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            ContainerNetwork net = c.getNetworkSettings().getNetworks().get(network);
            ip = Optional.ofNullable(net).map(ContainerNetwork::getIpAddress).filter(s -> !s.isEmpty());
        }
        int port = portFromEnv(c.getConfig().getEnv());
        Instant started = c.getState() == null || c.getState().getStartedAt() == null
                ? Instant.EPOCH : parseInstant(c.getState().getStartedAt());
        return Optional.of(new SlotInstance(new UserId(labels.get(SlotLabels.USER)), labels.get(SlotLabels.SLOT),
                paused ? SlotState.PAUSED : running ? SlotState.RUNNING : SlotState.STOPPED, c.getId(), ip, port,
                labels.getOrDefault(SlotLabels.CONFIG_HASH, ""), started));
    }

    /** Unpauses a runner; false when it is gone or not paused any more (the caller starts or recreates it). */
    boolean unpause(String containerId) {
        try {
            docker.unpauseContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false;
        }
    }

    /** Starts a runner; one already running (a concurrent orchestrator started it) is left as it is. */
    void start(String containerId) {
        startUnlessRunning(docker, containerId);
    }

    /** Starts a container of ours (a runner or an anchor); one that runs already is left as it is. */
    static void startUnlessRunning(DockerClient docker, String container) {
        try {
            docker.startContainerCmd(container).exec();
        } catch (NotModifiedException e) {
            // running already
        }
    }

    /**
     * Renames a stopped runner out of its slot's name so that a new runner can take it; the caller removes it.
     * False when Docker refuses (the caller removes it now instead).
     */
    boolean renameAside(String containerId, String slotName) {
        String name = slotName + "-replaced-" + containerId.substring(0, Math.min(12, containerId.length()));
        try {
            docker.renameContainerCmd(containerId).withName(name).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false;
        }
    }

    /** Removes a runner's container, never its volumes; false when it was already gone. */
    boolean remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(false).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (ConflictException e) {
            return true; // removal already in progress elsewhere
        }
    }

    static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private Map<String, String> labels(UserId user, String slotName, String kind) {
        Map<String, String> labels = new HashMap<>();
        labels.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        labels.put(SlotLabels.INSTANCE, instance);
        labels.put(SlotLabels.USER, user.value());
        labels.put(SlotLabels.SLOT, slotName);
        labels.put(SlotLabels.KIND, kind);
        return labels;
    }

    private static int portFromEnv(String[] env) {
        if (env != null) {
            for (String entry : env) {
                if (entry.startsWith("CCX_PORT=")) {
                    return Integer.parseInt(entry.substring("CCX_PORT=".length()));
                }
            }
        }
        return 8443;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
