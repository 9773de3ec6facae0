package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner as the backend sees it: which user and slot it belongs to, its state, where its agent listens
 * (when running) and the config hash it was created with.
 */
public record SlotInstance(UserId user, String slotName, SlotState state, String containerId,
                           Optional<String> host, int port, String configHash, Instant startedAt) {
    public SlotInstance {
        Objects.requireNonNull(user);
        Objects.requireNonNull(slotName);
        Objects.requireNonNull(state);
        Objects.requireNonNull(containerId);
        Objects.requireNonNull(host);
        Objects.requireNonNull(configHash);
    }

    public boolean running() {
        return state == SlotState.RUNNING && host.isPresent();
    }

    /** Whether the runner holds host memory: running, or paused with its processes frozen. */
    public boolean resident() {
        return running() || state == SlotState.PAUSED;
    }

    public String shortId() {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
