package dev.ccx.runner.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/** Set once when the caller goes away or asks to cancel; a running attempt notices within milliseconds. */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
