package dev.ccx.orchestrator.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Resource limits applied to one runner: memory (no swap), CPUs, processes, the /tmp tmpfs and the jobs quota. */
public record RunnerLimits(long memoryBytes, double cpus, long pids, long tmpfsBytes, Optional<Long> jobsQuotaBytes) {
    public RunnerLimits {
        List<String> problems = problems(memoryBytes, cpus, pids, tmpfsBytes, jobsQuotaBytes);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
    }

    /** Every out-of-range limit as a message starting with the field name; empty when all are fine. */
    static List<String> problems(long memoryBytes, double cpus, long pids, long tmpfsBytes,
                                 Optional<Long> jobsQuotaBytes) {
        List<String> problems = new ArrayList<>();
        if (memoryBytes < 64L << 20) {
            problems.add("memory must be at least 64m");
        }
        if (!(cpus > 0 && cpus <= 512)) { // also refuses NaN, which would mean "no CPU limit" to Docker
            problems.add("cpus must be between 0 and 512");
        }
        if (pids < 16 || pids > 1_000_000) {
            problems.add("pids must be between 16 and 1000000");
        }
        if (tmpfsBytes < 1L << 20) {
            problems.add("tmpfs must be at least 1m");
        }
        if (jobsQuotaBytes.isPresent() && jobsQuotaBytes.get() < 1L << 20) {
            problems.add("jobs_quota must be at least 1m");
        }
        return problems;
    }
}
