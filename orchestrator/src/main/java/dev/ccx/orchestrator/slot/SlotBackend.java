package dev.ccx.orchestrator.slot;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle seam (like JupyterHub's Spawner) between the slot service and where runners actually live.
 * Docker is the first implementation; a Kubernetes one implements the same operations (except pausing).
 * Implementations are safe to call concurrently for different slots; the slot service serialises calls per slot.
 */
public interface SlotBackend {

    /**
     * Makes the slot's runner exist and run as {@code spec} describes: adopts a running runner with the same
     * config hash, resumes a stopped or paused one, or replaces one whose hash differs (volumes are kept).
     */
    SlotInstance ensureRunning(SlotSpec spec);

    /**
     * Called once {@code runner}, started by {@link #ensureRunning}, answers, as its first request is forwarded: a
     * backend that starts runners with more CPU than the policy allows (their agent's JVM starts faster on two
     * cores) sets the policy's limit here. It may do so in the background, so that the first request does not wait
     * for it; the limit then lands a few milliseconds into that request. A runner whose limit cannot be set must not
     * keep serving: it is stopped (its requests fail and the next one starts it afresh), and this throws if the
     * failure is known before it returns.
     */
    default void settle(SlotSpec spec, SlotInstance runner) {
    }

    /** The runner of {@code slotName}, if one exists. */
    Optional<SlotInstance> inspect(String slotName);

    /** Stops the runner (paused or not) and keeps it for a fast resume; false when nothing was running. */
    boolean stop(String slotName);

    /**
     * Freezes a running runner's processes, keeping its memory, so that {@link #ensureRunning} resumes it in tens
     * of milliseconds instead of starting it again; false when nothing was running or this backend cannot pause
     * (the runner then simply keeps running until it is stopped).
     */
    default boolean pause(String slotName) {
        return false;
    }

    /** Removes the runner and the given volumes of this slot only; idempotent. */
    PurgeResult remove(String slotName, Set<String> volumeNames);

    /** Every runner this orchestrator instance manages, running or not (used to adopt state after a restart). */
    List<SlotInstance> listManaged();

    /** Whether the backend (e.g. the Docker engine) is reachable. */
    boolean healthy();
}
