package dev.ccx.orchestrator.slot.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size of each slot's volumes from the Engine's disk-usage answer ({@code GET /system/df}), which walks every
 * volume on the host: so it is asked at most once per interval, and a failed call is not retried before then.
 */
final class VolumeSizes {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeSizes.class);
    private final Clock clock;
    private final Duration interval;
    private final Supplier<JsonNode> diskUsage;
    private Measured last = new Measured(Map.of(), Optional.empty());
    private Instant lastAttempt;

    /** Volume bytes by slot name and kind, and when they were measured (empty: never). */
    record Measured(Map<String, Map<VolumeKind, Long>> bySlot, Optional<Instant> at) {}

    VolumeSizes(Clock clock, Duration interval, Supplier<JsonNode> diskUsage) {
        this.clock = clock;
        this.interval = interval;
        this.diskUsage = diskUsage;
    }

    synchronized Measured current(String instance) {
        Instant now = clock.instant();
        if (lastAttempt == null || !lastAttempt.plus(interval).isAfter(now)) {
            lastAttempt = now;
            try {
                JsonNode root = diskUsage.get();
                last = new Measured(root == null ? Map.of() : parse(root, instance), Optional.of(now));
            } catch (RuntimeException e) {
                LOG.warn("could not measure volume sizes: {}", e.toString());
            }
        }
        return last;
    }

    /** This instance's slot volumes in a {@code /system/df} answer; sizes the engine did not compute are left out. */
    static Map<String, Map<VolumeKind, Long>> parse(JsonNode root, String instance) {
        Map<String, Map<VolumeKind, Long>> out = new HashMap<>();
        for (JsonNode volume : root.path("Volumes")) {
            JsonNode labels = volume.path("Labels");
            long size = volume.path("UsageData").path("Size").asLong(-1);
            Optional<VolumeKind> kind = DockerUsageProbe.kindOf(labels.path(SlotLabels.KIND).asText(""));
            String slot = labels.path(SlotLabels.SLOT).asText("");
            if (instance.equals(labels.path(SlotLabels.INSTANCE).asText()) && kind.isPresent() && !slot.isEmpty()
                    && size >= 0) {
                out.computeIfAbsent(slot, s -> new EnumMap<>(VolumeKind.class)).put(kind.get(), size);
            }
        }
        return out;
    }
}
