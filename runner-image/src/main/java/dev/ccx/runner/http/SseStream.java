package dev.ccx.runner.http;

import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.cli.Cancellation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-sent-events response: {@code data:} events flushed as they are written, a {@code : keepalive} comment
 * after each stretch of silence, and cancellation of the run as soon as a write fails (the client went away).
 */
final class SseStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    /** One thread for all streams' keep-alive ticks; it ends when no stream has ticked for a while. */
    private static final ScheduledExecutorService TIMER = timer();

    private final OutputStream out;
    private final Cancellation cancel;
    private final long keepAliveNanos;
    private final ScheduledFuture<?> ticker;
    private long lastWrite = System.nanoTime();
    private boolean broken;

    private SseStream(OutputStream out, Cancellation cancel, Duration keepAlive) {
        this.out = out;
        this.cancel = cancel;
        this.keepAliveNanos = keepAlive.toNanos();
        long period = Math.max(50, keepAlive.toMillis() / 5);
        this.ticker = TIMER.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Sends the 200 SSE headers and starts the keepalive clock. */
    static SseStream open(HttpExchange ex, Cancellation cancel, Duration keepAlive) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        return new SseStream(ex.getResponseBody(), cancel, keepAlive);
    }

    /** Sends {@code data: <json>}; returns false once the client is gone. */
    synchronized boolean data(String json) {
        return write("data: " + json + "\n\n");
    }

    synchronized boolean broken() {
        return broken;
    }

    private synchronized void tick() {
        if (!broken && System.nanoTime() - lastWrite >= keepAliveNanos) {
            write(": keepalive\n\n");
        }
    }

    private boolean write(String text) {
        if (broken) {
            return false;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWrite = System.nanoTime();
            return true;
        } catch (IOException e) {
            LOG.info("client went away during streaming ({}); cancelling the run", e.toString());
            broken = true;
            cancel.cancel();
            return false;
        }
    }

    @Override
    public void close() {
        ticker.cancel(false);
        synchronized (this) {
            try {
                out.close();
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(AgentServer.IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
