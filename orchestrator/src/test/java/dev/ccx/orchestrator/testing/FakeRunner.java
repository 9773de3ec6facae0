package dev.ccx.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.ccx.runner.tls.ServerTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;

/**
 * A runner agent stand-in for unit tests: the runner's real mutual-TLS server at 127.0.0.1 with scripted answers.
 * The last user message steers it: {@code wait} answers a non-streaming request after 10 s, {@code slow} streams
 * two chunks 400 ms apart, {@code die} breaks the stream
 * after the first chunk, {@code hang} streams one chunk and then waits until the client goes away, {@code reject}
 * answers 400 as the runner's validation does, {@code fail} streams one chunk and then the runner's error chunk,
 * {@code held} streams one chunk and finishes normally once the test calls {@link #releaseHeld()}, {@code silent}
 * sends no response headers for {@link #SILENT_HOLD} and then waits (writing keep-alives) until the client goes away.
 * With {@code stream_options.include_usage} the stream is the runner's full sequence: role, text, finish, usage.
 */
public final class FakeRunner implements FakeSlotBackend.Started, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpsServer server;
    private final String slot;
    public final List<String> chatBodies = new CopyOnWriteArrayList<>();
    public final List<Map<String, List<String>>> chatHeaders = new CopyOnWriteArrayList<>();
    public final List<String> cancelBodies = new CopyOnWriteArrayList<>();
    public volatile boolean clientWentAway;
    /** How long a {@code silent} request goes without response headers. */
    public static final Duration SILENT_HOLD = Duration.ofSeconds(35);
    private final CountDownLatch held = new CountDownLatch(1);

    public FakeRunner(String slot, Map<String, String> tlsEnv) throws IOException {
        this(slot, tlsEnv, new InetSocketAddress("127.0.0.1", 0));
    }

    /** Listening on {@code address}, e.g. a Pod's IP and agent port for a stand-in kubelet. */
    public FakeRunner(String slot, Map<String, String> tlsEnv, InetSocketAddress address) throws IOException {
        this.slot = slot;
        server = HttpsServer.create(address, 0);
        ServerTls.fromEnvironment(tlsEnv).configure(server);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", ex -> json(ex, 200, "{\"status\":\"ok\",\"slot\":\"" + slot + "\"}"));
        server.createContext("/v1/models", ex -> json(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"sonnet\"}]}"));
        server.createContext("/v1/auth/status", ex -> json(ex, 200, "{\"claude\":{\"loggedIn\":false}}"));
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/runs/cancel", ex -> {
            cancelBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            json(ex, 200, "{\"cancelled\":true}");
        });
        server.start();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    private void chat(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        chatBodies.add(new String(body, StandardCharsets.UTF_8));
        chatHeaders.add(Map.copyOf(ex.getRequestHeaders()));
        JsonNode request = JSON.readTree(body);
        String prompt = prompt(request.path("messages").path(request.path("messages").size() - 1).path("content"));
        if (prompt.equals("reject")) {
            json(ex, 400, "{\"error\":{\"message\":\"unsupported Codex model: codex/nope\",\"type\":"
                    + "\"invalid_request_error\",\"code\":\"unsupported_model\",\"param\":null}}");
            return;
        }
        if (prompt.equals("silent")) {
            pause(SILENT_HOLD.toMillis());
            try {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                awaitDisconnect(ex.getResponseBody());
            } catch (IOException e) {
                clientWentAway = true;
            } finally {
                ex.close();
            }
            return;
        }
        boolean full = request.path("stream_options").path("include_usage").asBoolean();
        if (!request.path("stream").asBoolean()) {
            pause(prompt.equals("wait") ? 10_000 : 0);
            json(ex, 200, "{\"object\":\"chat.completion\",\"model\":\"sonnet\",\"slot\":\"" + slot
                    + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"echo: "
                    + prompt.replace("\"", "") + "\"},\"finish_reason\":\"stop\"}]}");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            if (full) {
                event(out, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
            }
            event(out, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}");
            if (prompt.equals("fail")) {
                event(out, "{\"error\":{\"message\":\"the claude run timed out after 30 s\",\"type\":"
                        + "\"timeout_error\",\"code\":\"timeout\",\"param\":null}}");
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (prompt.equals("die")) {
                server.stop(0); // the container dies: every connection is cut without a proper end
                return;
            }
            if (prompt.equals("hang")) {
                awaitDisconnect(out);
                return;
            }
            if (prompt.equals("held")) {
                awaitRelease();
            }
            pause(prompt.equals("slow") ? 400 : 0);
            event(out, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}");
            if (full) {
                event(out, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}]}");
                event(out, "{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
                        + "\"completion_tokens\":3,\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":2},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } finally {
            ex.close();
        }
    }

    /** Lets every {@code held} stream (waiting or still to come) finish normally. */
    public void releaseHeld() {
        held.countDown();
    }

    private void awaitRelease() {
        try {
            held.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A message's text: a string, or its text parts joined by one space (as the runner flattens them). */
    private static String prompt(JsonNode content) {
        if (!content.isArray()) {
            return content.asText();
        }
        List<String> texts = new java.util.ArrayList<>();
        content.forEach(part -> texts.add(part.path("text").asText()));
        return String.join(" ", texts);
    }

    private void awaitDisconnect(OutputStream out) {
        for (int i = 0; i < 200; i++) {
            pause(50);
            try {
                out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                clientWentAway = true;
                return;
            }
        }
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
