package dev.ccx.fakemodel.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.script.DirectiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The single {@link HttpHandler} of the server: reads and records each request, dispatches on
 * method and exact path, and maps bad requests to 400 in the route's error shape.
 */
public final class Router implements HttpHandler {

    private record Entry(Route route, ErrorShape errors, boolean recorded) {
    }

    private final Map<String, Entry> routes = new LinkedHashMap<>();
    private final Consumer<RecordedRequest> recorder;
    private final ErrorShape fallbackErrors;

    public Router(Consumer<RecordedRequest> recorder, ErrorShape fallbackErrors) {
        this.recorder = recorder;
        this.fallbackErrors = fallbackErrors;
    }

    /** Adds a route whose requests are recorded. */
    public Router add(String method, String path, Route route, ErrorShape errors) {
        routes.put(method + " " + path, new Entry(route, errors, true));
        return this;
    }

    /** Adds a route whose requests are not recorded (the control API). */
    public Router addUnrecorded(String method, String path, Route route) {
        routes.put(method + " " + path, new Entry(route, fallbackErrors, false));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            RecordedRequest request = read(exchange);
            Entry entry = routes.get(request.method() + " " + request.path());
            if (entry == null || entry.recorded()) {
                recorder.accept(request);
            }
            if (entry == null) {
                Exchanges.sendJson(exchange, 404, fallbackErrors.body(404,
                        "fake-model: no route for " + request.method() + " " + request.path()));
                return;
            }
            dispatch(exchange, request, entry);
        } catch (IOException e) {
            // The client went away mid-response; nothing left to tell it.
        } finally {
            exchange.close();
        }
    }

    private static void dispatch(HttpExchange exchange, RecordedRequest request, Entry entry) throws IOException {
        try {
            entry.route().handle(exchange, request);
        } catch (BadRequestException | DirectiveException e) {
            Exchanges.sendJson(exchange, 400, entry.errors().body(400, e.getMessage()));
        } catch (RuntimeException e) {
            Exchanges.sendJson(exchange, 500, entry.errors().body(500, "fake-model bug: " + e));
        }
    }

    private static RecordedRequest read(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String query = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(Instant.now(), exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), query == null ? "" : query, headers, body);
    }
}
