package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.ccx.orchestrator.slot.RunnerNetwork;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge networks runners live on: the shared one, or one per user (with a subnet from {@link SubnetPool}).
 * The orchestrator creates them (labelled) and joins them when it runs in a container, so it can reach its
 * runners; a dedicated network is removed with its slot, the shared one at shutdown when no runner uses it.
 */
final class RunnerNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerNetworks.class);
    private static final int MAX_SUBNET_ATTEMPTS = 64;
    static final String SPARE_KIND = "network-spare";
    private final DockerClient docker;
    private final String instance;
    private final Optional<String> self;
    private final SubnetPool subnets;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    RunnerNetworks(DockerClient docker, String instance, Optional<String> self, SubnetPool subnets) {
        this.docker = docker;
        this.instance = instance;
        this.self = self;
        this.subnets = subnets;
    }

    /**
     * Makes sure {@code network} exists and this orchestrator is attached to it; cheap once done. Creates it
     * straight away (one call on a cold start): Docker refuses a duplicate name, which means it exists already.
     */
    void ensure(RunnerNetwork network, String slotName) {
        if (ready.contains(network.name())) {
            return;
        }
        if (network.dedicated()) {
            createDedicated(network.name(), slotName);
        } else {
            create(network.name(), Map.of(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE), null);
        }
        self.ifPresent(id -> join(id, network.name()));
        ready.add(network.name());
    }

    /**
     * Makes sure this orchestrator can reach {@code name}, a network that exists already (a spare a runner was
     * created on); cheap once done.
     */
    void ensureJoined(String name) {
        if (ready.contains(name)) {
            return;
        }
        self.ifPresent(id -> join(id, name));
        ready.add(name);
    }

    /** Creates a spare dedicated network (no slot yet) with a subnet of its own, and joins it. */
    void createSpare(String name) {
        Map<String, String> labels = new HashMap<>();
        labels.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        labels.put(SlotLabels.INSTANCE, instance);
        labels.put(SlotLabels.KIND, SPARE_KIND);
        createWithSubnet(name, labels, name);
        ensureJoined(name);
    }

    /** The names of this instance's spare networks, handed out or not. */
    List<String> spares() {
        return docker.listNetworksCmd().withFilter("label", List.of(SlotLabels.INSTANCE + "=" + instance,
                SlotLabels.KIND + "=" + SPARE_KIND)).exec().stream().map(Network::getName).toList();
    }

    /** Whether {@code name} is one of this instance's spare networks. */
    boolean isSpare(String name) {
        try {
            Map<String, String> labels = docker.inspectNetworkCmd().withNetworkId(name).exec().getLabels();
            return labels != null && instance.equals(labels.get(SlotLabels.INSTANCE))
                    && SPARE_KIND.equals(labels.get(SlotLabels.KIND));
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Leaves and removes the network {@code name} (a spare, or one whose slot is gone); failures are logged. */
    void remove(String name) {
        self.ifPresent(id -> leave(id, name));
        try {
            docker.removeNetworkCmd(name).exec();
            LOG.info("removed runner network {}", name);
        } catch (NotFoundException e) {
            LOG.debug("network {} already gone", name);
        } catch (DockerException e) {
            LOG.warn("could not remove runner network {}: {}", name, e.getMessage());
        }
        ready.remove(name);
    }

    private void createDedicated(String name, String slotName) {
        Map<String, String> labels = new HashMap<>();
        labels.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        labels.put(SlotLabels.INSTANCE, instance);
        labels.put(SlotLabels.SLOT, slotName);
        labels.put(SlotLabels.KIND, "network");
        createWithSubnet(name, labels, slotName);
    }

    private void createWithSubnet(String name, Map<String, String> labels, String seed) {
        for (int attempt = 0; attempt < MAX_SUBNET_ATTEMPTS; attempt++) {
            String subnet = subnets.candidate(seed, attempt);
            try {
                create(name, labels, subnet);
                return;
            } catch (DockerException e) {
                if (exists(name)) {
                    return;
                }
                LOG.debug("subnet {} unavailable for {}: {}", subnet, name, e.getMessage());
            }
        }
        throw new IllegalStateException("no free subnet for network " + name + " after " + MAX_SUBNET_ATTEMPTS
                + " attempts; widen CCX_RUNNER_SUBNETS");
    }

    private void create(String name, Map<String, String> labels, String subnet) {
        try {
            var command = docker.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels)
                    .withCheckDuplicate(true);
            if (subnet != null) {
                command.withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)));
            }
            command.exec();
            LOG.info("created runner network {}{}", name, subnet == null ? "" : " (" + subnet + ")");
        } catch (ConflictException exists) {
            LOG.debug("runner network {} exists already", name);
        }
    }

    private boolean exists(String name) {
        try {
            docker.inspectNetworkCmd().withNetworkId(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void join(String selfId, String network) {
        Network info = docker.inspectNetworkCmd().withNetworkId(network).exec();
        if (info.getContainers() != null && info.getContainers().containsKey(selfId)) {
            return;
        }
        try {
            docker.connectToNetworkCmd().withNetworkId(network).withContainerId(selfId).exec();
            LOG.info("joined runner network {}", network);
        } catch (NotFoundException e) {
            LOG.info("not joining {}: this process does not run in a container of this engine", network);
        } catch (DockerException e) {
            LOG.warn("could not join runner network {}: {}", network, e.getMessage());
        }
    }

    /** Removes the network dedicated to {@code slotName}, if any (after its runner is gone). */
    void removeDedicated(String slotName) {
        List<Network> owned = docker.listNetworksCmd().withFilter("label",
                List.of(SlotLabels.SLOT + "=" + slotName, SlotLabels.INSTANCE + "=" + instance)).exec();
        for (Network network : owned) {
            self.ifPresent(id -> leave(id, network.getName()));
            try {
                docker.removeNetworkCmd(network.getId()).exec();
                LOG.info("removed runner network {}", network.getName());
            } catch (NotFoundException e) {
                LOG.debug("network {} already gone", network.getName());
            }
            ready.remove(network.getName());
        }
    }

    /** At shutdown: leaves the shared networks and removes those no runner uses any more. */
    void releaseShared() {
        for (String network : ready) {
            try {
                Network info = docker.inspectNetworkCmd().withNetworkId(network).exec();
                String kind = info.getLabels() == null ? null : info.getLabels().get(SlotLabels.KIND);
                if ("network".equals(kind) || SPARE_KIND.equals(kind)) {
                    continue; // a slot's own network stays with its (stopped) runner
                }
                self.ifPresent(id -> leave(id, network));
                Network after = docker.inspectNetworkCmd().withNetworkId(network).exec();
                if (after.getContainers() == null || after.getContainers().isEmpty()) {
                    docker.removeNetworkCmd(network).exec();
                    LOG.info("removed unused runner network {}", network);
                }
            } catch (DockerException e) {
                LOG.debug("keeping runner network {}: {}", network, e.getMessage());
            }
        }
        ready.clear();
    }

    private void leave(String selfId, String network) {
        try {
            docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(selfId).exec();
        } catch (DockerException e) {
            LOG.debug("not attached to {}: {}", network, e.getMessage());
        }
    }
}
