package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few empty per-user networks made ahead of need. Creating a bridge network costs Docker about 100 ms (iptables),
 * more than the volumes and the container together, so a cold start that had to wait for its own network paid it
 * in full; with a spare ready it only creates volumes and the container. A spare is a bare bridge with no runner
 * on it: it is handed out at most once, to one slot, and then belongs to that slot (purged with it). Spares this
 * orchestrator made but never handed out are removed at shutdown; at start-up, spares of this instance that no
 * container uses are removed before new ones are made (they are never reused for another slot).
 */
final class SpareNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(SpareNetworks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration REFILL_DELAY = Duration.ofSeconds(1);
    private final DockerClient docker;
    private final RunnerNetworks networks;
    private final String prefix;
    private final int target;
    private final Executor executor;
    private final Queue<String> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    SpareNetworks(DockerClient docker, RunnerNetworks networks, String instance, int target, Executor executor) {
        this.docker = docker;
        this.networks = networks;
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

    /** A network no runner has used yet, if one is ready; {@link #refill()} makes its replacement. */
    Optional<String> take() {
        return Optional.ofNullable(ready.poll());
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

    /** At shutdown: removes the spares nobody took; none are made afterwards. */
    void close() {
        closed = true;
        for (String network = ready.poll(); network != null; network = ready.poll()) {
            networks.remove(network);
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
                networks.createSpare(name);
                if (closed) {
                    networks.remove(name);
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

    /** Removes the given spares unless a container (of any state, any owner) was created on them. */
    private void removeUnused(List<String> spares) {
        if (spares.isEmpty()) {
            return;
        }
        Set<String> used = new HashSet<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
            if (c.getHostConfig() != null && c.getHostConfig().getNetworkMode() != null) {
                used.add(c.getHostConfig().getNetworkMode());
            }
        }
        for (String spare : spares) {
            if (!used.contains(spare)) {
                networks.remove(spare);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
