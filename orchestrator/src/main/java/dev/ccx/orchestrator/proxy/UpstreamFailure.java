package dev.ccx.orchestrator.proxy;

import java.io.IOException;

/** Reading a runner's answer failed after it started: the runner is marked broken and the caller must not retry. */
public final class UpstreamFailure extends IOException {
    private static final long serialVersionUID = 1L;

    UpstreamFailure(IOException cause) {
        super(cause);
    }
}
