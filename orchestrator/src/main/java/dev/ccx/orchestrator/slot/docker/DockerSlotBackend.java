package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.RunnerNetwork;
import dev.ccx.orchestrator.slot.SlotBackend;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each slot as one hardened Docker container with three labelled named volumes. All docker-java calls of
 * the slot lifecycle live here and in {@link RunnerContainers}; labels are the source of truth.
 */
public final class DockerSlotBackend implements SlotBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSlotBackend.class);
    private final DockerClient docker;
    private final String instance;
    private final RunnerContainers containers;
    private final RunnerNetworks networks;
    /** Runs the independent Docker calls of a cold start at the same time (daemon threads, idle ones expire). */
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ccx-docker-call");
        t.setDaemon(true);
        return t;
    });

    private final SpareNetworks spares;

    /** As below, with no spare networks: every per-user network is created by its slot's cold start. */
    public DockerSlotBackend(DockerClient docker, String instance, RunnerCredentials credentials,
                             Optional<String> self, SubnetPool subnets) {
        this(docker, instance, credentials, self, subnets, 0);
    }

    /**
     * {@code self} is the orchestrator's own container, when it runs in one (it joins its runners' networks);
     * {@code spareNetworks} per-user networks are kept ready ahead of cold starts (see {@link SpareNetworks}).
     */
    public DockerSlotBackend(DockerClient docker, String instance, RunnerCredentials credentials,
                             Optional<String> self, SubnetPool subnets, int spareNetworks) {
        this.docker = docker;
        this.instance = instance;
        this.networks = new RunnerNetworks(docker, instance, self, subnets);
        this.containers = new RunnerContainers(docker, instance, credentials);
        this.spares = new SpareNetworks(docker, networks, instance, spareNetworks, calls);
    }

    /**
     * In the background: removes spare networks of an earlier run that no runner took, then makes new ones.
     * Call once adoption is done (a stopped runner may sit on a spare it took).
     */
    public void prepareSpares() {
        spares.start();
    }

    /** How many spare networks are ready now. */
    public int sparesReady() {
        return spares.available();
    }

    /** Makes sure a runner network exists and this orchestrator can reach it (used at start and by every create). */
    public void prepareNetwork(String network) {
        networks.ensure(RunnerNetwork.shared(network), null);
    }

    /** Removes the spares nobody took, leaves the runner networks and removes the ones no runner uses (shutdown). */
    public void releaseNetworks() {
        spares.close();
        networks.releaseShared();
    }

    /**
     * A cold start overlaps the Docker calls it can (see {@link #createAndStart}); a stopped runner is started, a
     * paused one unpaused (its address is unchanged, so no inspection follows).
     */
    @Override
    public SlotInstance ensureRunning(SlotSpec spec) {
        Optional<Found> found = find(spec.slotName());
        SlotInstance current = found.map(Found::instance).orElse(null);
        if (current != null && !current.configHash().equals(spec.configHash())) {
            LOG.info("slot {} has config {} but {} is wanted: recreating (volumes kept)",
                    spec.slotName(), current.configHash(), spec.configHash());
            removeContainer(current.containerId());
            Optional<String> old = found.flatMap(Found::network);
            boolean spare = old.filter(networks::isSpare).isPresent();
            // A recreated runner stays on its network if that was its own (its dedicated one, or a spare it took).
            boolean own = spec.network().dedicated()
                    && (spare || old.filter(spec.network().name()::equals).isPresent());
            if (spare && !own) {
                networks.remove(old.get()); // the spare of a runner that no longer has a network of its own
            }
            return createAndStart(spec, own ? old : Optional.empty());
        }
        if (current == null) {
            return createAndStart(spec, Optional.empty());
        }
        String network = found.flatMap(Found::network).orElse(spec.network().name());
        if (network.equals(spec.network().name())) {
            networks.ensure(spec.network(), spec.slotName()); // cheap once done; rejoins after our own restart
        } else {
            networks.ensureJoined(network); // a spare this runner was created on
        }
        if (current.state() == SlotState.PAUSED && unpause(current.containerId())) {
            return new SlotInstance(current.user(), current.slotName(), SlotState.RUNNING, current.containerId(),
                    current.host(), current.port(), current.configHash(), current.startedAt());
        }
        if (current.running()) {
            return current;
        }
        start(current.containerId());
        return runningNow(spec.slotName());
    }

    /**
     * Creates the network in the background while the volumes and then the container are created (Docker resolves
     * a container's network when it starts), and starts the container once both exist. A per-user runner takes a
     * spare network when one is ready, so nothing waits for a network at all.
     */
    private SlotInstance createAndStart(SlotSpec spec, Optional<String> keptNetwork) {
        Optional<String> spare = keptNetwork.isEmpty() && spec.network().dedicated() ? spares.take() : Optional.empty();
        if (spare.isEmpty() && keptNetwork.isEmpty() && spec.network().dedicated()) {
            spares.missed();
        }
        Optional<String> ownNetwork = keptNetwork.or(() -> spare);
        boolean onSpare = false;
        try {
            CompletableFuture<Void> network = ownNetwork.isPresent()
                    ? CompletableFuture.runAsync(() -> networks.ensureJoined(ownNetwork.get()), calls)
                    : CompletableFuture.runAsync(() -> networks.ensure(spec.network(), spec.slotName()), calls);
            await(containers.ensureVolumes(spec, calls));
            String id;
            try {
                id = createContainer(spec, ownNetwork.orElse(spec.network().name()), network);
                onSpare = spare.isPresent();
            } catch (ConflictException e) {
                LOG.info("slot {} was created concurrently; adopting it", spec.slotName());
                id = inspect(spec.slotName()).orElseThrow(() -> new IllegalStateException("a container named "
                        + spec.slotName() + " exists but is not a runner of this orchestrator")).containerId();
            }
            await(List.of(network));
            start(id);
            return runningNow(spec.slotName());
        } finally {
            if (spare.isPresent()) {
                if (!onSpare && !runsOn(spec.slotName(), spare.get())) {
                    networks.remove(spare.get()); // no runner was created on it: it must not go to another slot
                }
                spares.refill();
            }
        }
    }

    /** Whether the slot's container (if any) was created on {@code network}; true when Docker cannot tell. */
    private boolean runsOn(String slotName, String network) {
        try {
            return find(slotName).flatMap(Found::network).filter(network::equals).isPresent();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** An engine that checks the network when the container is created gets the container once it exists. */
    private String createContainer(SlotSpec spec, String networkName, CompletableFuture<Void> network) {
        try {
            return containers.create(spec, networkName);
        } catch (NotFoundException e) {
            await(List.of(network));
            return containers.create(spec, networkName);
        }
    }

    private static void await(List<CompletableFuture<Void>> calls) {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private SlotInstance runningNow(String slotName) {
        return inspect(slotName).filter(SlotInstance::running)
                .orElseThrow(() -> new IllegalStateException("runner " + slotName + " did not stay running"));
    }

    @Override
    public Optional<SlotInstance> inspect(String slotName) {
        return find(slotName).map(Found::instance);
    }

    /** A runner of this instance and the network it was created on. */
    private record Found(SlotInstance instance, Optional<String> network) {}

    private Optional<Found> find(String slotName) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(slotName).exec();
            return containers.toInstance(c).filter(i -> i.slotName().equals(slotName))
                    .map(i -> new Found(i, RunnerContainers.networkOf(c)));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Docker also stops a paused container (it delivers the signal and thaws it). */
    @Override
    public boolean stop(String slotName) {
        try {
            docker.stopContainerCmd(slotName).withTimeout(5).exec();
            LOG.info("stopped slot {}", slotName);
            return true;
        } catch (NotFoundException | NotModifiedException e) {
            return false;
        }
    }

    @Override
    public PurgeResult remove(String slotName, Set<String> volumeNames) {
        Optional<Found> found = find(slotName);
        boolean containerRemoved = found.map(f -> removeContainer(f.instance().containerId())).orElse(false);
        networks.removeDedicated(slotName);
        found.flatMap(Found::network).filter(networks::isSpare).ifPresent(networks::remove);
        List<String> removed = new ArrayList<>();
        for (String volume : volumeNames) {
            if (containers.removeVolume(volume, slotName)) {
                removed.add(volume);
            }
        }
        LOG.info("purged slot {}: container {}, volumes {}", slotName, containerRemoved ? "removed" : "absent", removed);
        return new PurgeResult(containerRemoved || !removed.isEmpty(), containerRemoved, removed);
    }

    @Override
    public boolean pause(String slotName) {
        try {
            docker.pauseContainerCmd(slotName).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false; // gone, or not running (Docker answers 409)
        }
    }

    @Override
    public List<SlotInstance> listManaged() {
        Map<String, String> filter = new HashMap<>();
        filter.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        filter.put(SlotLabels.INSTANCE, instance);
        filter.put(SlotLabels.KIND, "runner");
        List<SlotInstance> out = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
            try {
                containers.toInstance(docker.inspectContainerCmd(c.getId()).exec()).ifPresent(out::add);
            } catch (NotFoundException e) {
                LOG.debug("skipping container {}: {}", c.getId(), e.getMessage());
            }
        }
        return out;
    }

    @Override
    public boolean healthy() {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The image id the tag currently points to, so a rebuilt image changes the config hash. */
    public String resolveImageId(String image) {
        return docker.inspectImageCmd(image).exec().getId();
    }

    private boolean unpause(String containerId) {
        try {
            docker.unpauseContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false; // gone, or not paused any more: the caller starts or recreates it
        }
    }

    private void start(String containerId) {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (NotModifiedException e) {
            // already running: a concurrent orchestrator started it
        }
    }

    private boolean removeContainer(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(false).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (ConflictException e) {
            // removal already in progress elsewhere
            return true;
        }
    }

    static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
