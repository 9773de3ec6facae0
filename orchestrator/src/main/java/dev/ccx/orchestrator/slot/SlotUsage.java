package dev.ccx.orchestrator.slot;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one slot uses, as far as the backend can tell: CPU and memory of its running runner (empty while stopped)
 * and the bytes in each of its volumes (measured less often; {@code diskMeasuredAt} says when).
 *
 * @param cpuPercent       CPU used since the previous measurement, 100 = one full core
 * @param memoryBytes      memory in use, page cache that can be dropped excluded (as {@code docker stats} shows it)
 * @param memoryLimitBytes the runner's memory limit
 */
public record SlotUsage(Optional<Double> cpuPercent, Optional<Long> memoryBytes, Optional<Long> memoryLimitBytes,
                        Map<VolumeKind, Long> volumeBytes, Optional<Instant> diskMeasuredAt) {
    public SlotUsage {
        Objects.requireNonNull(cpuPercent);
        Objects.requireNonNull(memoryBytes);
        Objects.requireNonNull(memoryLimitBytes);
        Objects.requireNonNull(diskMeasuredAt);
        volumeBytes = volumeBytes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(volumeBytes));
    }
}
