package dev.ccx.orchestrator.slot;

import java.time.Instant;
import java.util.Optional;

/** One row of the admin slot list: who, what state, when last used, how busy, which container. */
public record SlotView(String user, String slot, String state, Instant lastActivity, int inFlight,
                       Optional<String> containerId) {
}
