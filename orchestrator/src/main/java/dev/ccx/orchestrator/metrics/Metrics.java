package dev.ccx.orchestrator.metrics;

import dev.ccx.orchestrator.slot.SlotObserver;
import dev.ccx.orchestrator.slot.SlotService;
import dev.ccx.orchestrator.slot.SlotView;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The orchestrator's Prometheus metrics (client_java, no global registry): slots by state, a cold-start
 * histogram, requests by route and status, and requests in flight.
 */
public final class Metrics implements SlotObserver {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram slotStart;
    private final Counter requests;
    private final Counter slotStops;
    private final Counter slotPauses;

    public Metrics(Supplier<SlotService> slots) {
        slotStart = Histogram.builder().name("ccx_slot_start_seconds")
                .help("Time from needing a runner to its agent answering, by kind (cold, resume, unpause, adopt)")
                .labelNames("kind")
                .classicUpperBounds(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 5, 10, 30)
                .register(registry);
        requests = Counter.builder().name("ccx_requests_total")
                .help("HTTP requests handled, by route and status")
                .labelNames("route", "status")
                .register(registry);
        slotStops = Counter.builder().name("ccx_slot_stops_total")
                .help("Runners stopped, by reason (idle, evicted, admin)")
                .labelNames("reason")
                .register(registry);
        slotPauses = Counter.builder().name("ccx_slot_pauses_total")
                .help("Idle runners paused (policy limits.pause_after)")
                .register(registry);
        GaugeWithCallback.builder().name("ccx_slots")
                .help("Known slots by state")
                .labelNames("state")
                .callback(cb -> countByState(slots.get()).forEach((state, n) -> cb.call(n, state)))
                .register(registry);
        GaugeWithCallback.builder().name("ccx_requests_in_flight")
                .help("Requests currently holding a runner")
                .callback(cb -> cb.call(slots.get().inFlightTotal()))
                .register(registry);
    }

    @Override
    public void started(String kind, Duration elapsed) {
        slotStart.labelValues(kind).observe(elapsed.toNanos() / 1e9);
    }

    @Override
    public void stopped(String reason) {
        slotStops.labelValues(reason).inc();
    }

    @Override
    public void paused() {
        slotPauses.inc();
    }

    public void request(String route, int status) {
        requests.labelValues(route, Integer.toString(status)).inc();
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    private static Map<String, Double> countByState(SlotService slots) {
        Map<String, Double> counts = new TreeMap<>();
        for (String state : new String[] {"starting", "running", "busy", "paused", "stopped"}) {
            counts.put(state, 0.0);
        }
        for (SlotView view : slots.list()) {
            counts.merge(view.state(), 1.0, Double::sum);
        }
        return counts;
    }
}
