package dev.ccx.orchestrator.proxy;

import java.io.IOException;

/** Reading a runner's answer failed after it started: the runner is marked broken and the caller must not retry. */
public final class UpstreamFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean shutdown;

    UpstreamFailure(IOException cause, boolean shutdown) {
        super(cause);
        this.shutdown = shutdown;
    }

    /** True when the orchestrator cut the connection because it is stopping, not because the runner failed. */
    public boolean shutdown() {
        return shutdown;
    }
}
