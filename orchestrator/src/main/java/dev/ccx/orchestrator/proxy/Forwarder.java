package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.ErrorBody;
import dev.ccx.orchestrator.slot.Lease;
import dev.ccx.orchestrator.slot.SlotService;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a caller's request to the user's runner and relays the answer as it is produced (SSE is flushed per
 * chunk). A runner that cannot be reached is marked broken and retried once on a healed slot; a client that goes
 * away closes the upstream connection, which makes the runner cancel the run.
 */
public final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "Content-Disposition", "Last-Modified", "ETag", "Retry-After");

    private final SlotService slots;
    private final RunnerTransport transport;

    public Forwarder(SlotService slots, RunnerTransport transport) {
        this.slots = slots;
        this.transport = transport;
    }

    /** Forwards {@code call} to {@code user}'s runner and streams the runner's response into {@code ctx}. */
    public void forward(Context ctx, UserId user, RunnerCall call) {
        for (int attempt = 0; ; attempt++) {
            Lease lease = slots.acquire(user);
            HttpResponse<InputStream> response;
            try {
                response = transport.send(lease.instance(), call);
            } catch (HttpTimeoutException e) {
                call.runId().ifPresent(id -> cancel(lease, id));
                lease.close();
                throw ApiException.timeout("runner_timeout", "the user's runner did not answer in time");
            } catch (IOException e) {
                lease.markBroken();
                lease.close();
                if (attempt == 0 && call.replayable()) {
                    LOG.info("runner of {} unreachable ({}); healing the slot and retrying once", user, e.toString());
                    continue;
                }
                throw ApiException.badGateway("runner_unavailable", "the user's runner could not be reached", e);
            } catch (InterruptedException e) {
                lease.close();
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("shutting_down", "the orchestrator is shutting down", 5);
            }
            try (lease) {
                relay(ctx, response, lease);
            }
            return;
        }
    }

    /** Asks the runner to stop a run whose answer nobody will read any more; best effort. */
    private void cancel(Lease lease, String runId) {
        byte[] body = ("{\"run_id\":" + quote(runId) + "}").getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<InputStream> response = transport.send(lease.instance(),
                    RunnerCall.postJson("/v1/runs/cancel", body, java.time.Duration.ofSeconds(5), runId));
            response.body().close();
        } catch (IOException e) {
            LOG.debug("could not cancel run {}: {}", runId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void relay(Context ctx, HttpResponse<InputStream> response, Lease lease) {
        HttpServletResponse res = ctx.res();
        res.setStatus(response.statusCode());
        for (String name : PASSED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> res.setHeader(name, value));
        }
        boolean sse = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        if (sse) {
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
        }
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = response.body()) {
            OutputStream out = res.getOutputStream();
            int n;
            while ((n = readUpstream(in, buffer, lease)) >= 0) {
                if (!writeClient(out, buffer, n, sse)) {
                    LOG.info("client disconnected; closing the runner connection to cancel the run");
                    return;
                }
            }
            out.flush();
        } catch (UpstreamFailure e) {
            failMidStream(ctx, sse, e);
        } catch (IOException e) {
            LOG.debug("closing relay: {}", e.toString());
        }
    }

    private static int readUpstream(InputStream in, byte[] buffer, Lease lease) throws UpstreamFailure {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            lease.markBroken();
            throw new UpstreamFailure(e);
        }
    }

    private static boolean writeClient(OutputStream out, byte[] buffer, int n, boolean flush) {
        try {
            out.write(buffer, 0, n);
            if (flush) {
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void failMidStream(Context ctx, boolean sse, UpstreamFailure e) {
        LOG.warn("runner failed mid-response: {}", e.getCause().toString());
        if (!ctx.res().isCommitted()) {
            ctx.res().reset();
            throw ApiException.badGateway("runner_failed", "the user's runner failed while answering; retry", e);
        }
        if (sse) {
            String event = "data: " + ErrorBody.json("the user's runner failed while answering; retry",
                    "server_error", "runner_failed") + "\n\ndata: [DONE]\n\n";
            try {
                OutputStream out = ctx.res().getOutputStream();
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // the client is gone as well
            }
        }
    }

    /** An upstream read failed after the response started. */
    private static final class UpstreamFailure extends IOException {
        private static final long serialVersionUID = 1L;

        UpstreamFailure(IOException cause) {
            super(cause);
        }
    }
}
