package dev.ccx.orchestrator.slot;

/** What the backend reports for a slot's runner. */
public enum SlotState {
    /** The runner process is up; readiness is checked separately. */
    RUNNING,
    /** The runner's processes are frozen (memory kept, no CPU); resuming it takes tens of milliseconds. */
    PAUSED,
    /** The runner exists but is not running (created, exited, dead): resumable or replaceable. */
    STOPPED
}
