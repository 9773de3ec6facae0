package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few empty per-user networks made ahead of need, each with its started {@link NetworkAnchors anchor}. Creating
 * a bridge network costs Docker about 100 ms (iptables), and joining a container to it about 200 ms of that
 * container's start; with a spare ready, a cold start creates volumes and a container that joins the anchor's
 * namespace, and neither cost is on its path. A spare has no runner in it yet: it is handed out at most once, to
 * one slot, and then belongs to that slot (purged with it). Spares this orchestrator made but never handed out are
 * removed at shutdown; at start-up, spares of this instance that no runner uses are removed before new ones are
 * made (they are never reused for another slot).
 */
final class SpareNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(SpareNetworks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration REFILL_DELAY = Duration.ofSeconds(1);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private final DockerClient docker;
    private final RunnerNetworks networks;
    private final NetworkAnchors anchors;
    private final Supplier<String> anchorImage;
    private final List<String> extraHosts;
    private final String prefix;
    private final int target;
    private final Executor executor;
    private final Queue<String> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    /** {@code anchorImage} is the runner image; {@code extraHosts} the host entries every runner gets. */
    SpareNetworks(DockerClient docker, RunnerNetworks networks, NetworkAnchors anchors, String instance, int target,
                  Supplier<String> anchorImage, List<String> extraHosts, Executor executor) {
        this.docker = docker;
        this.networks = networks;
        this.anchors = anchors;
        this.anchorImage = anchorImage;
        this.extraHosts = List.copyOf(extraHosts);
        this.prefix = ("default".equals(instance) ? "ccx-" : "ccx-" + instance + "-") + "spare-";
        this.target = target;
        this.executor = executor;
    }

    /** In the background: removes this instance's spares that no container uses, then makes {@code target}. */
    void start() {
        if (target == 0 || !started.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                removeUnused(networks.spares());
            } catch (RuntimeException e) {
                LOG.warn("could not tidy spare runner networks: {}", e.getMessage());
            }
            topUp();
        });
    }

    /**
     * A cold start found no spare ready: a burst of starts, a failed refill (Docker was unreachable) or no start-up
     * preparation at all (Docker was unreachable then). Starts the reserve, or refills it, in the background.
     */
    void missed() {
        if (started.get()) {
            refill();
        } else {
            start();
        }
    }

    /**
     * A network no runner has used yet, if one is ready and its anchor has the host entries {@code spec} asks for;
     * {@link #refill()} makes its replacement. A runner created on it joins its anchor's namespace.
     */
    Optional<String> take(SlotSpec spec) {
        return fits(spec) ? Optional.ofNullable(ready.poll()) : Optional.empty();
    }

    /** Whether {@link #take} would hand {@code spec} a spare now. */
    boolean readyFor(SlotSpec spec) {
        return fits(spec) && !ready.isEmpty();
    }

    /** A runner in an anchor's namespace has the anchor's host entries, so they must be the ones it asks for. */
    private boolean fits(SlotSpec spec) {
        return spec.extraHosts().equals(extraHosts);
    }

    /** Removes a spare's anchor, then the network (its runner is gone, or none was created on it). */
    void retire(String network) {
        anchors.remove(network);
        networks.remove(network);
    }

    /**
     * In the background, {@link #REFILL_DELAY} from now: makes spares until {@code target} are ready. Called when
     * a runner that took one has started; the delay lets its agent come up first, since Docker creating a network
     * (iptables, on the same cores) while a runner starts slows that start down by about as much as it saves.
     */
    void refill() {
        if (target > 0 && started.get() && !closed) {
            CompletableFuture.delayedExecutor(REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS, executor)
                    .execute(this::topUp);
        }
    }

    /**
     * At shutdown: removes the spares nobody took; none are made afterwards. A spare being made now is removed by
     * its maker when it sees {@code closed}, or, if it was added just before, here: this first waits for the
     * makers, up to {@link #CLOSE_WAIT}.
     */
    void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (creating.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (String network = ready.poll(); network != null; network = ready.poll()) {
            retire(network);
        }
    }

    int available() {
        return ready.size();
    }

    private void topUp() {
        while (!closed && ready.size() + creating.get() < target) {
            if (creating.incrementAndGet() + ready.size() > target) {
                creating.decrementAndGet();
                return;
            }
            try {
                String name = prefix + HexFormat.of().formatHex(randomBytes());
                try {
                    networks.createSpare(name);
                    anchors.create(name, anchorImage.get(), extraHosts);
                } catch (RuntimeException e) {
                    retire(name);
                    throw e;
                }
                if (closed) {
                    retire(name);
                } else {
                    ready.add(name);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not make a spare runner network: {}", e.getMessage());
                return;
            } finally {
                creating.decrementAndGet();
            }
        }
    }

    /**
     * Removes the given spares (and their anchors) unless a container other than their anchor (of any state, any
     * owner) was created on them or in their anchor's namespace.
     */
    private void removeUnused(List<String> spares) {
        if (spares.isEmpty()) {
            return;
        }
        List<Container> all = docker.listContainersCmd().withShowAll(true).exec();
        Map<String, String> anchorNetworks = new HashMap<>(); // anchor id -> the network it holds
        for (Container c : all) {
            if (c.getLabels() != null && NetworkAnchors.KIND.equals(c.getLabels().get(SlotLabels.KIND))
                    && c.getHostConfig() != null && c.getHostConfig().getNetworkMode() != null) {
                anchorNetworks.put(c.getId(), c.getHostConfig().getNetworkMode());
            }
        }
        Set<String> used = new HashSet<>();
        for (Container c : all) {
            String mode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
            if (mode != null && !anchorNetworks.containsKey(c.getId())) {
                used.add(NetworkAnchors.joinsAnother(mode)
                        ? anchorNetworks.getOrDefault(mode.substring(NetworkAnchors.MODE_PREFIX.length()), mode)
                        : mode);
            }
        }
        for (String spare : spares) {
            if (!used.contains(spare)) {
                retire(spare);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
