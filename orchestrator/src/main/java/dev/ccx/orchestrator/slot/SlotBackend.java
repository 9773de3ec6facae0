package dev.ccx.orchestrator.slot;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle seam (like JupyterHub's Spawner) between the slot service and where runners actually live.
 * Docker is the first implementation; a Kubernetes one implements the same five operations.
 * Implementations are safe to call concurrently for different slots; the slot service serialises calls per slot.
 */
public interface SlotBackend {

    /**
     * Makes the slot's runner exist and run as {@code spec} describes: adopts a running runner with the same
     * config hash, resumes a stopped one, or replaces one whose hash differs (volumes are kept).
     */
    SlotInstance ensureRunning(SlotSpec spec);

    /** The runner of {@code slotName}, if one exists. */
    Optional<SlotInstance> inspect(String slotName);

    /** Stops the runner and keeps it for a fast resume; false when nothing was running. */
    boolean stop(String slotName);

    /** Removes the runner and the given volumes of this slot only; idempotent. */
    PurgeResult remove(String slotName, Set<String> volumeNames);

    /** Every runner this orchestrator instance manages, running or not (used to adopt state after a restart). */
    List<SlotInstance> listManaged();

    /** Whether the backend (e.g. the Docker engine) is reachable. */
    boolean healthy();
}
