package dev.ccx.runner.cli;

import dev.ccx.runner.error.AgentException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Set once when the caller goes away or asks to cancel, or when a guard stops the run for a reason (e.g. the jobs
 * quota); a running attempt notices within milliseconds.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<AgentException> reason = new AtomicReference<>();

    public void cancel() {
        cancelled.set(true);
    }

    /** Cancels the run so that it fails with {@code why} rather than as cancelled; the first reason given wins. */
    public void cancel(AgentException why) {
        reason.compareAndSet(null, why);
        cancel();
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Why a guard stopped the run; empty when it runs on or the caller cancelled it. */
    public Optional<AgentException> reason() {
        return Optional.ofNullable(reason.get());
    }
}
