package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge networks runners live on. The orchestrator creates them (labelled), joins them when it runs in a
 * container itself so it can reach its runners, and on shutdown leaves and removes the ones no runner uses.
 */
final class RunnerNetworks {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerNetworks.class);
    private final DockerClient docker;
    private final Optional<String> self;
    private final Set<String> joined = ConcurrentHashMap.newKeySet();

    RunnerNetworks(DockerClient docker, Optional<String> self) {
        this.docker = docker;
        this.self = self;
    }

    void ensure(String network) {
        if (joined.contains(network)) {
            return;
        }
        try {
            docker.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException e) {
            try {
                docker.createNetworkCmd().withName(network).withDriver("bridge")
                        .withLabels(Map.of(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE)).exec();
                LOG.info("created runner network {}", network);
            } catch (ConflictException raced) {
                LOG.debug("runner network {} was created concurrently", network);
            }
        }
        self.ifPresent(id -> join(id, network));
        joined.add(network);
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

    /** Leaves every joined network and removes those no container uses any more. */
    void release() {
        for (String network : joined) {
            try {
                self.ifPresent(id -> leave(id, network));
                Network info = docker.inspectNetworkCmd().withNetworkId(network).exec();
                if (info.getContainers() == null || info.getContainers().isEmpty()) {
                    docker.removeNetworkCmd(network).exec();
                    LOG.info("removed unused runner network {}", network);
                }
            } catch (DockerException e) {
                LOG.debug("keeping runner network {}: {}", network, e.getMessage());
            }
        }
        joined.clear();
    }

    private void leave(String selfId, String network) {
        try {
            docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(selfId).exec();
        } catch (DockerException e) {
            LOG.debug("not attached to {}: {}", network, e.getMessage());
        }
    }
}
