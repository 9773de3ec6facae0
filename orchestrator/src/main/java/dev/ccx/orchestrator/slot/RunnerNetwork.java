package dev.ccx.orchestrator.slot;

/**
 * The network a runner joins: the shared runner network, or a network dedicated to one user's slot (created with
 * the slot, removed by its purge), so runners cannot even open a connection to one another.
 */
public record RunnerNetwork(String name, boolean dedicated) {
    public RunnerNetwork {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("network name is required");
        }
    }

    public static RunnerNetwork shared(String name) {
        return new RunnerNetwork(name, false);
    }

    public static RunnerNetwork dedicatedTo(String slotName) {
        return new RunnerNetwork(slotName + "-net", true);
    }
}
