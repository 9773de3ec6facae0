package dev.ccx.orchestrator.slot;

import java.time.Duration;

/** Lifecycle notifications for metrics and logs. */
public interface SlotObserver {
    /**
     * A runner became ready; {@code kind} is {@code cold} (created), {@code resume} (started), {@code unpause}
     * or {@code adopt}.
     */
    default void started(String kind, Duration elapsed) {}

    default void stopped(String reason) {}

    /** An idle runner was paused (its memory kept, its processes frozen). */
    default void paused() {}

    SlotObserver NONE = new SlotObserver() {};
}
