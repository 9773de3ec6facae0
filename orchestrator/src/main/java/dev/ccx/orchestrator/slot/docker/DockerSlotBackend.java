package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
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
import dev.ccx.orchestrator.slot.docker.RunnerLookup.Found;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each slot as one hardened Docker container with three labelled named volumes. This class decides the slot
 * lifecycle; the docker-java calls live here and in {@link RunnerContainers} (containers and volumes), {@link
 * RunnerLookup} (finding runners), {@link RunnerNetworks} and {@link SpareNetworks} (networks), {@link
 * NetworkAnchors} and {@link StartupCpus}. Labels are the source of truth.
 */
public final class DockerSlotBackend implements SlotBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSlotBackend.class);
    private final DockerClient docker;
    private final RunnerContainers containers;
    private final RunnerNetworks networks;
    /** Runs the independent Docker calls of a cold start at the same time (daemon threads, idle ones expire). */
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ccx-docker-call");
        t.setDaemon(true);
        return t;
    });

    private final NetworkAnchors anchors;
    private final RunnerLookup lookup;
    private final SpareNetworks spares;
    private final StartupCpus cpus;

    /** As below, with no spare networks: every per-user network is created by its slot's cold start. */
    public DockerSlotBackend(DockerClient docker, String instance, RunnerCredentials credentials,
                             Optional<String> self, SubnetPool subnets) {
        this(docker, instance, credentials, self, subnets, 0, () -> {
            throw new IllegalStateException("no spares");
        }, List.of());
    }

    /**
     * {@code self} is the orchestrator's own container, when it runs in one (it joins its runners' networks);
     * {@code spareNetworks} per-user networks, each with its anchor made from {@code runnerImage} with the
     * runners' {@code extraHosts}, are kept ready ahead of starts (see {@link SpareNetworks}).
     */
    public DockerSlotBackend(DockerClient docker, String instance, RunnerCredentials credentials,
                             Optional<String> self, SubnetPool subnets, int spareNetworks,
                             Supplier<String> runnerImage, List<String> extraHosts) {
        this.docker = docker;
        this.networks = new RunnerNetworks(docker, instance, self, subnets);
        this.containers = new RunnerContainers(docker, instance, credentials);
        this.anchors = new NetworkAnchors(docker, instance);
        this.lookup = new RunnerLookup(docker, instance, containers, anchors);
        this.cpus = new StartupCpus(docker);
        this.spares = new SpareNetworks(docker, networks, anchors, instance, spareNetworks, runnerImage, extraHosts,
                calls);
    }

    /**
     * In the background: removes spare networks of an earlier run that no runner took, then makes new ones.
     * Call once adoption is done (a stopped runner may sit on a spare it took).
     */
    public void prepareSpares() {
        spares.start();
        calls.execute(cpus::hostCpus); // read once, so no start waits for it
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
     * A cold start overlaps the Docker calls it can (see {@link #createAndStart}); a paused runner is unpaused (its
     * address is unchanged, so no inspection follows). A stopped runner on a network of its own is created again
     * on a spare when one is ready (its volumes are kept, and its root is read-only, so nothing else is lost): that
     * is faster than starting it, since its anchor or its network would have to be started with it (see
     * {@link NetworkAnchors}). Otherwise it is started, after its anchor if it has one.
     */
    @Override
    public SlotInstance ensureRunning(SlotSpec spec) {
        Optional<Found> found = lookup.find(spec.slotName());
        SlotInstance current = found.map(Found::instance).orElse(null);
        if (current == null) {
            return createAndStart(spec, Optional.empty());
        }
        Found f = found.get();
        if (!current.configHash().equals(spec.configHash())) {
            LOG.info("slot {} has config {} but {} is wanted: recreating (volumes kept)",
                    spec.slotName(), current.configHash(), spec.configHash());
            return recreate(spec, f);
        }
        if (current.state() == SlotState.PAUSED && containers.unpause(current.containerId())) {
            return new SlotInstance(current.user(), current.slotName(), SlotState.RUNNING, current.containerId(),
                    current.host(), current.port(), current.configHash(), current.startedAt());
        }
        if (current.running()) {
            return current;
        }
        if ((f.anchored() && f.anchor().isEmpty()) || (onSpare(spec, f) && spares.readyFor(spec))) {
            LOG.info("slot {}: starting its runner again on a spare network (volumes kept)", spec.slotName());
            return recreate(spec, f);
        }
        String network = f.network().orElse(spec.network().name());
        if (f.anchor().isPresent()) {
            anchors.start(network);
            networks.ensureJoined(network);
        } else if (network.equals(spec.network().name())) {
            networks.ensure(spec.network(), spec.slotName()); // cheap once done; rejoins after our own restart
        } else {
            networks.ensureJoined(network); // a spare this runner was created on
        }
        cpus.raise(spec, current.containerId());
        containers.start(current.containerId());
        return runningNow(spec.slotName(), Optional.empty());
    }

    /**
     * The policy's CPU limit, once the agent answers (see {@link StartupCpus}), set in the background beside the
     * first request: {@code docker update} takes 15–30 ms while runners start. The update and, when Docker refuses
     * it, the stop address this runner by id, so a late one never touches a runner started after it.
     */
    @Override
    public void settle(SlotSpec spec, SlotInstance runner) {
        if (!cpus.boosted(spec)) {
            return;
        }
        calls.execute(() -> {
            try {
                cpus.settle(spec, runner.containerId());
            } catch (RuntimeException e) {
                LOG.warn("could not set the CPU limit of slot {}; stopping it: {}", spec.slotName(), e.toString());
                stopRunner(runner.containerId(), spec.slotName());
            }
        });
    }

    /** Whether the runner was created on a spare (in its anchor's namespace, or on it directly before anchors). */
    private boolean onSpare(SlotSpec spec, Found f) {
        return spec.network().dedicated() && (f.anchored() || f.network().filter(networks::isSpare).isPresent());
    }

    /**
     * Replaces the runner's container (volumes kept). One that was created on a spare gets a new spare (or, with
     * none ready, a network of its own); one on its dedicated network stays there. A stopped runner only gives up
     * its name first (a rename, ~2 ms): it is removed, and then its old spare, {@link SpareNetworks#REFILL_DELAY}
     * after the new runner started ({@code docker rm} took 10–20 ms of every resume, and Docker is busy with the
     * start). A running one is removed first, so that two runners never share the slot's volumes.
     */
    private SlotInstance recreate(SlotSpec spec, Found f) {
        String replaced = f.instance().containerId();
        boolean renamed = f.instance().state() == SlotState.STOPPED
                && containers.renameAside(replaced, spec.slotName());
        if (!renamed) {
            containers.remove(replaced);
        }
        Optional<String> old = f.network();
        boolean spare = f.anchored() || old.filter(networks::isSpare).isPresent();
        try {
            if (spare) {
                return createAndStart(spec, Optional.empty());
            }
            boolean own = spec.network().dedicated() && old.filter(spec.network().name()::equals).isPresent();
            return createAndStart(spec, own ? old : Optional.empty());
        } finally {
            removeLater(renamed ? Optional.of(replaced) : Optional.empty(), spare ? old : Optional.empty());
        }
    }

    /**
     * {@link SpareNetworks#REFILL_DELAY} from now, in the background: the runner a start replaced, if it was only
     * renamed, then the spare it was on (after it, since that runner joined the spare's namespace). Failures are
     * logged; a purge of the slot, or the next orchestrator's adoption, removes what is left.
     */
    private void removeLater(Optional<String> replacedRunner, Optional<String> oldSpare) {
        if (replacedRunner.isEmpty() && oldSpare.isEmpty()) {
            return;
        }
        CompletableFuture.delayedExecutor(SpareNetworks.REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS, calls)
                .execute(() -> {
                    replacedRunner.ifPresent(id -> logFailure(() -> containers.remove(id), "replaced runner " + id));
                    oldSpare.ifPresent(n -> logFailure(() -> spares.retire(n), "spare network " + n));
                });
    }

    private static void logFailure(Runnable removal, String what) {
        try {
            removal.run();
        } catch (RuntimeException e) {
            LOG.warn("could not remove the {}: {}", what, e.toString());
        }
    }

    /**
     * Creates the network in the background while the volumes and then the container are created (Docker resolves
     * a container's network when it starts), and starts the container once both exist. A per-user runner takes a
     * spare network when one is ready, so nothing waits for a network at all.
     */
    private SlotInstance createAndStart(SlotSpec spec, Optional<String> keptNetwork) {
        Optional<String> spare = keptNetwork.isEmpty() && spec.network().dedicated() ? spares.take(spec)
                : Optional.empty();
        if (spare.isEmpty() && keptNetwork.isEmpty() && spec.network().dedicated()) {
            spares.missed();
        }
        Optional<String> ownNetwork = keptNetwork.or(() -> spare);
        boolean onSpare = false;
        try {
            CompletableFuture<Void> network = ownNetwork.isPresent()
                    ? CompletableFuture.runAsync(() -> networks.ensureJoined(ownNetwork.get()), calls)
                    : CompletableFuture.runAsync(() -> networks.ensure(spec.network(), spec.slotName()), calls);
            CompletableFuture<Map<String, String>> tls = containers.issueCredentials(spec, calls);
            CompletableFuture<Optional<NetworkAnchors.Anchor>> anchor = anchors.lookUp(spare, calls);
            await(containers.ensureVolumes(spec, calls));
            String mode = spare.map(s -> NetworkAnchors.MODE_PREFIX + s)
                    .orElse(ownNetwork.orElse(spec.network().name()));
            String id;
            try {
                id = createContainer(spec, join(tls), mode, network);
                onSpare = spare.isPresent();
            } catch (ConflictException e) {
                LOG.info("slot {} was created concurrently; adopting it", spec.slotName());
                id = inspect(spec.slotName()).orElseThrow(() -> new IllegalStateException("a container named "
                        + spec.slotName() + " exists but is not a runner of this orchestrator")).containerId();
            }
            await(List.of(network));
            if (onSpare) {
                String runner = id;
                boolean anchorRestarted = anchors.startJoined(spare.get(), () -> containers.start(runner));
                return runningNow(spec.slotName(), anchorRestarted ? Optional.empty()
                        : anchor.join().filter(NetworkAnchors.Anchor::running));
            }
            containers.start(id);
            return runningNow(spec.slotName(), Optional.empty());
        } finally {
            if (spare.isPresent()) {
                if (!onSpare && !lookup.createdOn(spec.slotName(), spare.get())) {
                    spares.retire(spare.get()); // no runner was created on it: it must not go to another slot
                }
                spares.refill();
            }
        }
    }

    /** An engine that checks the network when the container is created gets the container once it exists. */
    private String createContainer(SlotSpec spec, Map<String, String> tls, String networkName,
                                   CompletableFuture<Void> network) {
        long startup = cpus.forStart(spec);
        try {
            return containers.create(spec, tls, networkName, startup);
        } catch (NotFoundException e) {
            await(List.of(network));
            return containers.create(spec, tls, networkName, startup);
        }
    }

    private static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void await(List<CompletableFuture<Void>> calls) {
        join(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)));
    }

    /**
     * The runner just started, as Docker reports it. With {@code joined}, the running anchor it joined, inspected
     * before the start: one call instead of two (~5 ms less per start, while Docker is busy with it).
     */
    private SlotInstance runningNow(String slotName, Optional<NetworkAnchors.Anchor> joined) {
        Optional<SlotInstance> runner = joined.isPresent()
                ? lookup.findJoined(slotName, joined.get()).map(Found::instance) : inspect(slotName);
        return runner.filter(SlotInstance::running)
                .orElseThrow(() -> new IllegalStateException("runner " + slotName + " did not stay running"));
    }

    @Override
    public Optional<SlotInstance> inspect(String slotName) {
        return lookup.find(slotName).map(Found::instance);
    }

    /** Docker also stops a paused container (it delivers the signal and thaws it). */
    @Override
    public boolean stop(String slotName) {
        return stopRunner(slotName, slotName);
    }

    /** Stops the runner {@code container} (a name or an id) of {@code slotName}, then its anchor. */
    private boolean stopRunner(String container, String slotName) {
        Optional<NetworkAnchors.Anchor> anchor = lookup.find(container, slotName).flatMap(Found::anchor);
        boolean stopped;
        try {
            docker.stopContainerCmd(container).withTimeout(5).exec();
            LOG.info("stopped slot {}", slotName);
            stopped = true;
        } catch (NotFoundException | NotModifiedException e) {
            stopped = false;
        }
        anchor.ifPresent(a -> anchors.stop(a.network())); // after its runner: it holds the runner's network
        return stopped;
    }

    @Override
    public PurgeResult remove(String slotName, Set<String> volumeNames) {
        Optional<Found> found = lookup.find(slotName);
        boolean containerRemoved = found.map(f -> containers.remove(f.instance().containerId())).orElse(false);
        lookup.replaced(slotName).forEach(this::removeReplaced); // they hold the volumes too
        networks.removeDedicated(slotName);
        found.flatMap(Found::network).filter(networks::isSpare).ifPresent(spares::retire);
        List<String> removed = new ArrayList<>();
        for (String volume : volumeNames) {
            if (containers.removeVolume(volume, slotName)) {
                removed.add(volume);
            }
        }
        LOG.info("purged slot {}: container {}, volumes {}", slotName, containerRemoved ? "removed" : "absent",
                removed);
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

    /** Every runner of this instance; a replaced one an earlier run left (see {@link #recreate}) is removed. */
    @Override
    public List<SlotInstance> listManaged() {
        List<SlotInstance> out = new ArrayList<>();
        for (Container c : lookup.all()) {
            if (RunnerLookup.isReplaced(c)) {
                LOG.info("removing runner {}, replaced by a start before this orchestrator stopped", c.getId());
                lookup.find(c.getId(), c.getLabels().get(SlotLabels.SLOT)).ifPresent(this::removeReplaced);
            } else {
                lookup.inspect(c.getId()).map(Found::instance).ifPresent(out::add);
            }
        }
        return out;
    }

    /** A replaced runner, then the spare it was on (its slot's runner took another). */
    private void removeReplaced(Found replaced) {
        containers.remove(replaced.instance().containerId());
        replaced.network().filter(networks::isSpare).ifPresent(spares::retire);
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
}
