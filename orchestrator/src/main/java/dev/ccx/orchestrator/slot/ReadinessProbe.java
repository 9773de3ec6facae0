package dev.ccx.orchestrator.slot;

/** Asks a runner's agent whether it is ready to serve (over the same authenticated channel requests use). */
public interface ReadinessProbe {
    boolean ready(SlotInstance instance);
}
