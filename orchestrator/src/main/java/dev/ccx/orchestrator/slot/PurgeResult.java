package dev.ccx.orchestrator.slot;

import java.util.List;

/** What a purge removed: whether anything existed, and the names of the container and volumes deleted. */
public record PurgeResult(boolean existed, boolean containerRemoved, List<String> volumesRemoved) {
    public PurgeResult {
        volumesRemoved = List.copyOf(volumesRemoved);
    }
}
