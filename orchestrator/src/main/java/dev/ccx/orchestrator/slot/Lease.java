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
    private volatile Runnable onAbort;
    private volatile boolean aborted;

    Lease(SlotService service, SlotRecord record, SlotInstance instance) {
        this.service = service;
        this.record = record;
        this.instance = instance;
        Thread holder = Thread.currentThread();
        this.onAbort = holder::interrupt; // until an answer arrives, aborting wakes the thread waiting for it
    }

    public SlotInstance instance() {
        return instance;
    }

    public void markBroken() {
        record.ready = false;
    }

    /** How to cut this request off its runner when the orchestrator aborts it (e.g. close the answer's body). */
    public void onAbort(Runnable action) {
        onAbort = action;
    }

    /** Cuts the request off its runner (the orchestrator is stopping); whoever reads the answer sees it end. */
    public void abort() {
        aborted = true;
        onAbort.run();
    }

    /** True once {@link #abort()} was called: a broken answer is then the orchestrator's doing, not the runner's. */
    public boolean aborted() {
        return aborted;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            service.release(record, this);
        }
    }
}
