package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network namespaces runners on spare networks live in. Docker spends about 200 ms of a container's start on
 * its network when that is a user-defined bridge (a new namespace, a veth pair, the address, the embedded DNS
 * server's rules): `docker start` took ~300 ms on this project's machine, against ~90 ms for a container that joins
 * the namespace of one already running ({@code --network container:<anchor>}). So each spare network gets an
 * anchor: a container on it that holds its namespace and does nothing else. It is made before any user is known
 * and holds no data: no volumes, no environment, no credentials; one {@code sleep} under tini as uid 10001 with a
 * read-only root, no capabilities, no new privileges, 16 MiB and 8 pids. A runner created in an anchor's namespace
 * shares its network stack (address, {@code /etc/hosts}, resolver) and nothing else (not its processes, files or
 * mounts). An anchor is named after its network, serves exactly one runner, and is stopped, started and removed
 * with it.
 */
final class NetworkAnchors {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkAnchors.class);
    static final String KIND = "network-anchor";
    /** Docker's network mode of a container that joins another's network namespace. */
    static final String MODE_PREFIX = "container:";
    private static final long MEMORY = 16L << 20;
    private final DockerClient docker;
    private final String instance;

    NetworkAnchors(DockerClient docker, String instance) {
        this.docker = docker;
        this.instance = instance;
    }

    /**
     * Creates and starts the anchor of {@code network} from {@code imageId} (the runner image: it has tini and
     * sleep), with the runners' extra host entries: a runner in its namespace cannot have entries of its own.
     */
    void create(String network, String imageId, List<String> extraHosts) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network)
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withPrivileged(false)
                .withMemory(MEMORY)
                .withMemorySwap(MEMORY)
                .withNanoCPUs(100_000_000L)
                .withPidsLimit(8L)
                .withInit(true)
                .withExtraHosts(extraHosts.toArray(String[]::new))
                .withRestartPolicy(RestartPolicy.noRestart())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m")));
        try {
            docker.createContainerCmd(imageId)
                    .withName(network)
                    .withHostName("runner") // its runner's host name too: nothing about the user
                    .withUser(RunnerContainers.RUNNER_USER)
                    .withEntrypoint("sleep", "infinity")
                    .withCmd(List.of())
                    .withLabels(Map.of(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE,
                            SlotLabels.INSTANCE, instance, SlotLabels.KIND, KIND))
                    .withHostConfig(host)
                    .exec();
        } catch (ConflictException e) {
            if (!isAnchor(network)) {
                throw new IllegalStateException("a container named " + network + " exists and is not an anchor");
            }
        }
        start(network);
    }

    /** Starts the anchor of {@code network} unless it runs already; a runner in its namespace needs it running. */
    void start(String network) {
        RunnerContainers.startUnlessRunning(docker, network);
    }

    /** Stops the anchor of {@code network} (after its runner); false when it was not running or is gone. */
    boolean stop(String network) {
        try {
            docker.stopContainerCmd(network).withTimeout(2).exec();
            return true;
        } catch (NotFoundException | NotModifiedException e) {
            return false;
        }
    }

    /** Removes the anchor of {@code network}, if it is one of this instance's; failures are logged. */
    void remove(String network) {
        try {
            if (isAnchor(network)) {
                docker.removeContainerCmd(network).withForce(true).exec();
            }
        } catch (NotFoundException e) {
            LOG.debug("anchor {} already gone", network);
        } catch (DockerException e) {
            LOG.warn("could not remove the anchor of network {}: {}", network, e.getMessage());
        }
    }

    /** Whether the container named {@code network} is an anchor of this instance. */
    private boolean isAnchor(String network) {
        try {
            return isAnchor(docker.inspectContainerCmd(network).exec());
        } catch (NotFoundException e) {
            return false;
        }
    }

    private boolean isAnchor(InspectContainerResponse c) {
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null
                ? Map.of() : c.getConfig().getLabels();
        return KIND.equals(labels.get(SlotLabels.KIND)) && instance.equals(labels.get(SlotLabels.INSTANCE));
    }

    /**
     * Runs {@code startRunner}, the start of a runner created in the namespace of {@code network}'s anchor. The
     * anchor is started when its spare is made; should Docker have stopped it since, it is started and the runner's
     * start tried again. Returns whether the anchor was started again (its address may then have changed).
     */
    boolean startJoined(String network, Runnable startRunner) {
        try {
            startRunner.run();
            return false;
        } catch (RuntimeException e) {
            if (running(network)) {
                throw e;
            }
            start(network);
            startRunner.run();
            return true;
        }
    }

    /** Whether the anchor of {@code network} exists and runs. */
    private boolean running(String network) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(network).exec();
            return c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * The anchor of {@code network} (if any) as a runner created in its namespace will see it, looked up on
     * {@code executor} (beside the runner's creation); empty without a network or when that fails.
     */
    CompletableFuture<Optional<Anchor>> lookUp(Optional<String> network, Executor executor) {
        return network.isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.supplyAsync(() -> anchorOf(MODE_PREFIX + network.get()), executor)
                        .exceptionally(e -> Optional.empty());
    }

    /** An anchor as a runner sees it: the network it holds, whether it runs, and its address there. */
    record Anchor(String network, boolean running, Optional<String> address) {}

    /**
     * The anchor a container with this network mode was created in ({@code container:<id>}: Docker stores the id),
     * or empty when it was created on a network directly, or its anchor is gone or not one of this instance's.
     */
    Optional<Anchor> anchorOf(String networkMode) {
        if (networkMode == null || !networkMode.startsWith(MODE_PREFIX)) {
            return Optional.empty();
        }
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(networkMode.substring(MODE_PREFIX.length()))
                    .exec();
            String network = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
            if (!isAnchor(c) || network == null) {
                return Optional.empty();
            }
            boolean running = c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning());
            Optional<String> address = Optional.ofNullable(c.getNetworkSettings())
                    .map(n -> n.getNetworks() == null ? null : n.getNetworks().get(network))
                    .map(ContainerNetwork::getIpAddress).filter(ip -> !ip.isEmpty());
            return Optional.of(new Anchor(network, running, running ? address : Optional.empty()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Whether a container with this network mode was created in another container's namespace. */
    static boolean joinsAnother(String networkMode) {
        return networkMode != null && networkMode.startsWith(MODE_PREFIX);
    }
}
