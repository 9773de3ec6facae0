package dev.ccx.orchestrator.http;

import java.util.concurrent.atomic.AtomicBoolean;

/** Shutdown switch: once draining, new work is refused with 503 while requests in flight finish. */
public final class Drain {
    private final AtomicBoolean draining = new AtomicBoolean();

    public void start() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    public void refuseIfDraining() {
        if (draining.get()) {
            throw ApiException.unavailable("shutting_down", "the orchestrator is shutting down; retry shortly", 5);
        }
    }
}
