package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.slot.SlotInstance;
import java.io.IOException;
import java.util.function.Consumer;

/** Talks to a runner's agent over the authenticated channel; responses are streamed, never buffered whole. */
public interface RunnerTransport {
    /**
     * Sends {@code call} and returns once the response headers are in. {@code onAbort} is handed the action that
     * cuts this call off its runner while it waits (an aborted call throws {@link InterruptedException}).
     * Timeouts throw {@link java.net.http.HttpConnectTimeoutException} (nothing answered the connection) or
     * {@link java.net.http.HttpTimeoutException} (no answer within the call's timeout).
     */
    RunnerResponse send(SlotInstance runner, RunnerCall call, Consumer<Runnable> onAbort)
            throws IOException, InterruptedException;

    /** {@link #send(SlotInstance, RunnerCall, Consumer)} for a call nobody aborts but its own timeouts. */
    default RunnerResponse send(SlotInstance runner, RunnerCall call) throws IOException, InterruptedException {
        return send(runner, call, abort -> {});
    }
}
