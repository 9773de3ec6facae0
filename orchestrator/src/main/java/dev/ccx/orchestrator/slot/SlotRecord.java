package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slot service's live view of one user's slot. {@code inFlight} is raised before {@code ready} is read and
 * {@code ready} is cleared before {@code inFlight} is checked, so a stop never races a request into a dead runner.
 */
final class SlotRecord {
    final UserId user;
    final String slotName;
    final ReentrantLock lock = new ReentrantLock();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile SlotInstance instance;
    volatile boolean ready;
    volatile boolean starting;
    volatile Instant lastActivity;

    SlotRecord(UserId user, String slotName, Instant now) {
        this.user = user;
        this.slotName = slotName;
        this.lastActivity = now;
    }

    boolean countsAsRunning() {
        SlotInstance current = instance;
        return starting || (current != null && current.resident());
    }

    SlotState stateOrNull() {
        SlotInstance current = instance;
        return current == null ? null : current.state();
    }
}
