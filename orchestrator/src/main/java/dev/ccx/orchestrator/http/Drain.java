package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.slot.SlotService;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutdown switch: once draining, new work is refused with 503 while requests in flight finish. */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** How long requests cut off at shutdown get to write their error and finish. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(3);
    /**
     * A request refused while waiting for its runner to start leaves the in-flight count before its 503 is written
     * (the error handler writes it), so the shutdown lets that moment pass before Jetty closes the connections.
     */
    private static final Duration WRITE_SETTLE = Duration.ofMillis(500);
    private final AtomicBoolean draining = new AtomicBoolean();

    public void start() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    public void refuseIfDraining() {
        if (draining.get()) {
            throw ApiException.shuttingDown();
        }
    }

    /**
     * The shutdown sequence: refuses new work, waits up to {@code grace} for requests in flight to finish on their
     * own, then ends those still running with a clean "restarting" error (instead of a cut connection) and gives
     * them a moment to write it. Returns once nothing is in flight or that moment has passed.
     */
    public void drainInFlight(SlotService slots, Duration grace) {
        start();
        awaitInFlight(slots, grace);
        if (slots.inFlightTotal() > 0) {
            LOG.warn("shutting down with {} request(s) still in flight; ending them", slots.abortInFlight());
            awaitInFlight(slots, ABORT_GRACE);
            pause(WRITE_SETTLE);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitInFlight(SlotService slots, Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        while (slots.inFlightTotal() > 0 && Instant.now().isBefore(deadline)
                && !Thread.currentThread().isInterrupted()) {
            pause(Duration.ofMillis(50));
        }
    }
}
