package dev.ccx.fakemodel.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events to an exchange, flushing each one so clients see it at once. */
public final class SseStream {

    private final OutputStream out;

    /** A stream of events written to {@code out} (tests use a byte buffer). */
    public SseStream(OutputStream out) {
        this.out = out;
    }

    /** Sends 200 with {@code text/event-stream} headers and a chunked body. */
    public static SseStream open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return new SseStream(exchange.getResponseBody());
    }

    /** Writes {@code event: name} and {@code data: json}; an IOException means the client went away. */
    public void event(String name, Object data) throws IOException {
        String frame = "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
