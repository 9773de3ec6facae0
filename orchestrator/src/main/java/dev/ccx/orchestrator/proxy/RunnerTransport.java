package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.slot.SlotInstance;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** Talks to a runner's agent over the authenticated channel; responses are streamed, never buffered whole. */
public interface RunnerTransport {
    HttpResponse<InputStream> send(SlotInstance runner, RunnerCall call) throws IOException, InterruptedException;
}
