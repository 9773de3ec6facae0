package dev.ccx.orchestrator.slot.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One sample of the Engine's {@code GET /containers/{id}/stats} answer, reduced to what the dashboard shows: CPU
 * counters (to compute a percentage against an earlier sample) and memory use against the limit.
 *
 * @param cpuTotalNanos    CPU time the container has used
 * @param systemCpuNanos   CPU time the host has used (all cores)
 * @param onlineCpus       cores the host has online
 * @param memoryBytes      memory in use without reclaimable page cache, as {@code docker stats} computes it
 * @param memoryLimitBytes the container's memory limit
 */
record ContainerStats(long cpuTotalNanos, long systemCpuNanos, int onlineCpus, long memoryBytes,
                      long memoryLimitBytes) {

    static Optional<ContainerStats> parse(JsonNode root) {
        JsonNode cpu = root.path("cpu_stats");
        JsonNode memory = root.path("memory_stats");
        if (!cpu.path("cpu_usage").path("total_usage").isNumber() || !memory.path("usage").isNumber()) {
            return Optional.empty(); // a stopped container answers with zeroes and no memory usage
        }
        int cpus = cpu.path("online_cpus").asInt(0);
        if (cpus <= 0) {
            cpus = Math.max(1, cpu.path("cpu_usage").path("percpu_usage").size());
        }
        return Optional.of(new ContainerStats(cpu.path("cpu_usage").path("total_usage").asLong(),
                cpu.path("system_cpu_usage").asLong(0), cpus, memoryWithoutCache(memory),
                memory.path("limit").asLong(0)));
    }

    /** The {@code precpu_stats} counters of a non-one-shot answer, when the engine filled them in. */
    static Optional<ContainerStats> previous(JsonNode root, ContainerStats current) {
        JsonNode pre = root.path("precpu_stats");
        long total = pre.path("cpu_usage").path("total_usage").asLong(0);
        long system = pre.path("system_cpu_usage").asLong(0);
        return total > 0 && system > 0 ? Optional.of(new ContainerStats(total, system, current.onlineCpus(),
                current.memoryBytes(), current.memoryLimitBytes())) : Optional.empty();
    }

    /** CPU used between {@code earlier} and this sample; 100 is one full core. */
    Optional<Double> cpuPercentSince(ContainerStats earlier) {
        long cpuDelta = cpuTotalNanos - earlier.cpuTotalNanos;
        long systemDelta = systemCpuNanos - earlier.systemCpuNanos;
        if (cpuDelta < 0 || systemDelta <= 0) {
            return Optional.empty();
        }
        return Optional.of((double) cpuDelta / systemDelta * onlineCpus * 100.0);
    }

    /** cgroup v1 reports {@code total_inactive_file}, v2 {@code inactive_file}; both are reclaimable cache. */
    private static long memoryWithoutCache(JsonNode memory) {
        long usage = memory.path("usage").asLong();
        JsonNode stats = memory.path("stats");
        JsonNode inactive = stats.has("total_inactive_file") ? stats.path("total_inactive_file")
                : stats.path("inactive_file");
        long cache = inactive.asLong(0);
        return cache < usage ? usage - cache : usage;
    }
}
