package dev.ccx.orchestrator.slot.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.ccx.orchestrator.slot.SlotUsage;
import dev.ccx.orchestrator.slot.SlotUsageProbe;
import dev.ccx.orchestrator.slot.SlotView;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures Docker slots cheaply and boundedly: one one-shot stats call per running runner at most every
 * {@link #STATS_INTERVAL} (CPU is the average since the previous call), and the size of every labelled volume from
 * one disk-usage call ({@code docker system df -v}) at most every {@link #DISK_INTERVAL}, whoever asks how often.
 */
public final class DockerUsageProbe implements SlotUsageProbe {
    static final Duration STATS_INTERVAL = Duration.ofSeconds(2);
    static final Duration DISK_INTERVAL = Duration.ofSeconds(60);
    private static final Set<String> UP = Set.of("running", "busy");
    private static final Logger LOG = LoggerFactory.getLogger(DockerUsageProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHttpClient http;
    private final String instance;
    private final Clock clock;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final VolumeSizes volumes;

    /** The last stats sample of one slot and the usage computed from it. */
    private record Sample(Instant at, ContainerStats stats, Optional<Double> cpuPercent) {}

    public DockerUsageProbe(DockerHttpClient http, String instance, Clock clock) {
        this.http = http;
        this.instance = instance;
        this.clock = clock;
        this.volumes = new VolumeSizes(clock, DISK_INTERVAL, this::diskUsage);
    }

    @Override
    public Map<String, SlotUsage> measure(List<SlotView> slots) {
        Set<String> wanted = slots.stream().map(SlotView::slot).collect(Collectors.toSet());
        samples.keySet().retainAll(wanted);
        VolumeSizes.Measured disk = volumes.current(instance);
        Map<String, SlotUsage> out = new HashMap<>();
        for (SlotView slot : slots) {
            Optional<Sample> live = UP.contains(slot.state()) ? sample(slot.slot()) : Optional.empty();
            if (live.isEmpty()) {
                samples.remove(slot.slot());
            }
            out.put(slot.slot(), new SlotUsage(live.flatMap(Sample::cpuPercent),
                    live.map(s -> s.stats().memoryBytes()), live.map(s -> s.stats().memoryLimitBytes()),
                    disk.bySlot().getOrDefault(slot.slot(), Map.of()), disk.at()));
        }
        return out;
    }

    private Optional<Sample> sample(String slotName) {
        Instant now = clock.instant();
        Sample prior = samples.get(slotName);
        if (prior != null && prior.at().plus(STATS_INTERVAL).isAfter(now)) {
            return Optional.of(prior);
        }
        try {
            JsonNode root = get("/containers/" + slotName + "/stats?stream=false&one-shot=true");
            Optional<ContainerStats> stats = root == null ? Optional.empty() : ContainerStats.parse(root);
            if (stats.isEmpty()) {
                return Optional.empty();
            }
            Optional<ContainerStats> earlier = ContainerStats.previous(root, stats.get())
                    .or(() -> Optional.ofNullable(prior).map(Sample::stats));
            Sample sample = new Sample(now, stats.get(), earlier.flatMap(stats.get()::cpuPercentSince));
            samples.put(slotName, sample);
            return Optional.of(sample);
        } catch (RuntimeException e) {
            LOG.debug("no stats for {}: {}", slotName, e.toString());
            return Optional.empty();
        }
    }

    private JsonNode diskUsage() {
        return get("/system/df");
    }

    /** The JSON answer of a GET on the Engine API, or null for 404. */
    private JsonNode get(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method("GET").path(path).build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() == 404) {
                return null;
            }
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("Docker answered " + response.getStatusCode() + " to GET " + path);
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The label value that marks this instance's volumes of one kind. */
    static Optional<VolumeKind> kindOf(String kindLabel) {
        for (VolumeKind kind : VolumeKind.values()) {
            if (("volume-" + kind.suffix()).equals(kindLabel)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
