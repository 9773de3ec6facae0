package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A front's server-sent-events answer: named events flushed one at a time. The first failed write means the client
 * went away; later writes are skipped and the caller stops reading the run, which cancels it.
 */
final class SseOut {
    private static final Logger LOG = LoggerFactory.getLogger(SseOut.class);
    private final OutputStream out;
    private boolean gone;

    private SseOut(OutputStream out) {
        this.out = out;
    }

    /** Starts a 200 {@code text/event-stream} answer on {@code ctx}. */
    static SseOut open(Context ctx) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        try {
            return new SseOut(res.getOutputStream());
        } catch (IOException e) {
            SseOut closed = new SseOut(OutputStream.nullOutputStream());
            closed.gone = true;
            return closed;
        }
    }

    /** For tests: events written to {@code out}. */
    static SseOut to(OutputStream out) {
        return new SseOut(out);
    }

    void event(String name, ObjectNode data) {
        write("event: " + name + "\ndata: " + data + "\n\n");
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    boolean gone() {
        return gone;
    }

    private void write(String text) {
        if (gone) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.info("client disconnected; closing the runner connection to cancel the run");
            gone = true;
        }
    }
}
