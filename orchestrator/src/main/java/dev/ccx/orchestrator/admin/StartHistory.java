package dev.ccx.orchestrator.admin;

import dev.ccx.orchestrator.slot.SlotObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The runner starts of the last hour, for the dashboard's cold-start chart: a second {@link SlotObserver} next to
 * the metrics, bounded in time ({@link #WINDOW}) and in count ({@link #CAPACITY}).
 */
public final class StartHistory implements SlotObserver {
    public static final Duration WINDOW = Duration.ofHours(1);
    public static final int CAPACITY = 2000;
    private final Clock clock;
    private final ArrayDeque<StartEvent> events = new ArrayDeque<>();

    public StartHistory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void started(String kind, Duration elapsed) {
        events.addLast(new StartEvent(clock.instant(), kind, elapsed));
        while (events.size() > CAPACITY) {
            events.removeFirst();
        }
    }

    /** The starts within the window, oldest first. */
    public synchronized List<StartEvent> recent() {
        Instant since = clock.instant().minus(WINDOW);
        while (!events.isEmpty() && events.peekFirst().at().isBefore(since)) {
            events.removeFirst();
        }
        return List.copyOf(events);
    }
}
