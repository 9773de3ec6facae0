package dev.ccx.orchestrator.policy;

import java.util.Optional;

/** Resource limits applied to one runner: memory (no swap), CPUs, processes, the /tmp tmpfs and the jobs quota. */
public record RunnerLimits(long memoryBytes, double cpus, long pids, long tmpfsBytes, Optional<Long> jobsQuotaBytes) {
    public RunnerLimits {
        if (memoryBytes < 64L << 20) {
            throw new IllegalArgumentException("memory must be at least 64m");
        }
        if (cpus <= 0 || cpus > 512) {
            throw new IllegalArgumentException("cpus must be between 0 and 512");
        }
        if (pids < 16 || pids > 1_000_000) {
            throw new IllegalArgumentException("pids must be between 16 and 1000000");
        }
        if (tmpfsBytes < 1L << 20) {
            throw new IllegalArgumentException("tmpfs must be at least 1m");
        }
        if (jobsQuotaBytes.isPresent() && jobsQuotaBytes.get() < 1L << 20) {
            throw new IllegalArgumentException("jobs_quota must be at least 1m");
        }
    }
}
