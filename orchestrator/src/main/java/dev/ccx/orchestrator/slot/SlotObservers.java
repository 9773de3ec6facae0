package dev.ccx.orchestrator.slot;

import java.time.Duration;
import java.util.List;

/** Several {@link SlotObserver}s as one, so metrics and the dashboard's start history both hear every event. */
public final class SlotObservers {
    private SlotObservers() {}

    public static SlotObserver all(SlotObserver... observers) {
        List<SlotObserver> list = List.of(observers);
        return new SlotObserver() {
            @Override
            public void started(String kind, Duration elapsed) {
                list.forEach(o -> o.started(kind, elapsed));
            }

            @Override
            public void stopped(String reason) {
                list.forEach(o -> o.stopped(reason));
            }

            @Override
            public void paused() {
                list.forEach(SlotObserver::paused);
            }
        };
    }
}
