package dev.ccx.orchestrator.policy;

/** How runners are networked: all on one runner network, or each user on a network of its own. */
public enum NetworkMode {
    SHARED,
    PER_USER
}
