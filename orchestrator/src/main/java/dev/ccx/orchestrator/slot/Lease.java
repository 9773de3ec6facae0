package dev.ccx.orchestrator.slot;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request's hold on a ready runner. While any lease is open the slot counts as busy and is never reaped or
 * evicted; closing it records activity. {@link #markBroken()} makes the next request re-check the runner.
 */
public final class Lease implements AutoCloseable {
    private final SlotService service;
    private final SlotRecord record;
    private final SlotInstance instance;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(SlotService service, SlotRecord record, SlotInstance instance) {
        this.service = service;
        this.record = record;
        this.instance = instance;
    }

    public SlotInstance instance() {
        return instance;
    }

    public void markBroken() {
        record.ready = false;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            service.release(record);
        }
    }
}
