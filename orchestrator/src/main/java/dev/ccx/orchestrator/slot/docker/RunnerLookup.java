package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds this instance's runners in Docker, by name or id: the slot's view of each, the network it was created on
 * and, for one in an anchor's namespace, that anchor (whose address is the runner's). A runner is named after its
 * slot; one that a resume renamed aside (see {@link DockerSlotBackend}) is a replaced runner until it is removed.
 */
final class RunnerLookup {
    /**
     * A runner of this instance and the network it was created on: directly, or in the namespace of an anchor
     * ({@code anchored}; {@code anchor} is empty when that anchor is gone).
     */
    record Found(SlotInstance instance, Optional<String> network, boolean anchored,
                 Optional<NetworkAnchors.Anchor> anchor) {}

    private final DockerClient docker;
    private final String instance;
    private final RunnerContainers containers;
    private final NetworkAnchors anchors;

    RunnerLookup(DockerClient docker, String instance, RunnerContainers containers, NetworkAnchors anchors) {
        this.docker = docker;
        this.instance = instance;
        this.containers = containers;
        this.anchors = anchors;
    }

    /** The runner named after {@code slotName}, if there is one of ours. */
    Optional<Found> find(String slotName) {
        return find(slotName, slotName);
    }

    /** The runner {@code container} (a name or an id), if it is one of ours for {@code slotName}. */
    Optional<Found> find(String container, String slotName) {
        return inspect(container).filter(f -> f.instance().slotName().equals(slotName));
    }

    /** The runner {@code container} (a name or an id), if it exists and is one of ours. */
    Optional<Found> inspect(String container) {
        return inspect(container, anchors::anchorOf);
    }

    /**
     * The runner named after {@code slotName}, just started in the namespace of {@code anchor}, which the caller
     * inspected beforehand: one Docker call instead of two while Docker is still busy with the start.
     */
    Optional<Found> findJoined(String slotName, NetworkAnchors.Anchor anchor) {
        return inspect(slotName, mode -> Optional.of(anchor)).filter(f -> f.instance().slotName().equals(slotName));
    }

    private Optional<Found> inspect(String container, Function<String, Optional<NetworkAnchors.Anchor>> anchorOf) {
        try {
            return resolve(docker.inspectContainerCmd(container).exec(), anchorOf);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Whether the slot's runner (if any) was created on {@code network}; true when Docker cannot tell. */
    boolean createdOn(String slotName, String network) {
        try {
            return find(slotName).flatMap(Found::network).filter(network::equals).isPresent();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Every runner container of this instance, replaced ones included. */
    List<Container> all() {
        return runners(Map.of());
    }

    /** Runners of {@code slotName} that a resume renamed aside and has not removed yet. */
    List<Found> replaced(String slotName) {
        List<Found> out = new ArrayList<>();
        for (Container c : runners(Map.of(SlotLabels.SLOT, slotName))) {
            if (isReplaced(c)) {
                find(c.getId(), slotName).ifPresent(out::add);
            }
        }
        return out;
    }

    /** A runner is named after its slot; a replaced one that still exists carries another name. */
    static boolean isReplaced(Container c) {
        String slot = c.getLabels() == null ? null : c.getLabels().get(SlotLabels.SLOT);
        return slot != null && (c.getNames() == null || !List.of(c.getNames()).contains("/" + slot));
    }

    private List<Container> runners(Map<String, String> labels) {
        Map<String, String> filter = new HashMap<>(labels);
        filter.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        filter.put(SlotLabels.INSTANCE, instance);
        filter.put(SlotLabels.KIND, "runner");
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec();
    }

    /** A runner in an anchor's namespace has the anchor's address ({@code anchorOf} its network mode). */
    private Optional<Found> resolve(InspectContainerResponse c,
                                    Function<String, Optional<NetworkAnchors.Anchor>> anchorOf) {
        Optional<SlotInstance> found = containers.toInstance(c);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String mode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
        if (!NetworkAnchors.joinsAnother(mode)) {
            return Optional.of(new Found(found.get(), RunnerContainers.networkOf(c), false, Optional.empty()));
        }
        SlotInstance i = found.get();
        Optional<NetworkAnchors.Anchor> anchor = anchorOf.apply(mode);
        Optional<String> host = i.state() == SlotState.STOPPED ? Optional.empty()
                : anchor.flatMap(NetworkAnchors.Anchor::address);
        SlotInstance withHost = new SlotInstance(i.user(), i.slotName(), i.state(), i.containerId(), host, i.port(),
                i.configHash(), i.startedAt());
        return Optional.of(new Found(withHost, anchor.map(NetworkAnchors.Anchor::network), true, anchor));
    }
}
