package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.ErrorBody;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pass-through answer: status, a few headers and the body relayed byte for byte as it is produced (SSE is
 * flushed per chunk). A client that goes away ends the relay, which closes the runner connection.
 */
final class Relay {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "Content-Disposition", "Last-Modified", "ETag", "Retry-After");

    private static final String RUNNER_FAILED = "the user's runner failed while answering; retry";

    private Relay() {}

    static void relay(Context ctx, RunnerAnswer answer) {
        HttpServletResponse res = ctx.res();
        res.setStatus(answer.status());
        for (String name : PASSED_HEADERS) {
            answer.header(name).ifPresent(value -> res.setHeader(name, value));
        }
        boolean sse = answer.header("Content-Type").orElse("").startsWith("text/event-stream");
        if (sse) {
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
        }
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = answer.body()) {
            OutputStream out = res.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
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
        LOG.warn("{} mid-response: {}", e.shutdown() ? "orchestrator stopping" : "runner failed", e.getCause().toString());
        String message = e.shutdown() ? "the orchestrator is restarting; retry" : RUNNER_FAILED;
        String code = e.shutdown() ? "shutting_down" : "runner_failed";
        if (!ctx.res().isCommitted()) {
            ctx.res().reset();
            throw e.shutdown() ? ApiException.unavailable(code, message, 5) : ApiException.badGateway(code, message, e);
        }
        if (sse) {
            String event = "data: " + ErrorBody.json(message, "server_error", code) + "\n\ndata: [DONE]\n\n";
            try {
                OutputStream out = ctx.res().getOutputStream();
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // the client is gone as well
            }
        }
    }
}
