package dev.ccx.orchestrator.bench;

import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's requests: a chat completion through the orchestrator, the same request sent straight to the
 * user's runner over mutual TLS with the orchestrator's own client credential, and the admin stop. Both clients
 * keep their connections alive, so a warm comparison measures forwarding, not handshakes.
 */
final class BenchCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final BenchStack stack;
    private final HttpClient orchestrator = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, HttpClient> direct = new ConcurrentHashMap<>();
    private RunnerTlsContexts tls;

    BenchCalls(BenchStack stack) {
        this.stack = stack;
    }

    /** How one request went: time to the first body byte and to the end of the body, in milliseconds. */
    record Timing(double firstByteMillis, double totalMillis, boolean ok, String problem) {}

    static byte[] chatBody(boolean stream) {
        return ("{\"model\":\"sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":"
                + stream + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A chat completion for {@code user} through the orchestrator. */
    Timing chat(String user, boolean stream) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/chat/completions"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + BenchStack.SERVICE_KEY)
                .header("X-CCX-User", user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(chatBody(stream))).build();
        return timed(orchestrator, request, stream);
    }

    /** The same chat completion sent straight to {@code user}'s runner at {@code address}, as the orchestrator would. */
    Timing chatDirect(String user, String address, boolean stream) {
        String runId = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + address + ":8443/v1/chat/completions"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", runId)
                .header("X-CCX-Run-Id", runId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(chatBody(stream))).build();
        return timed(direct.computeIfAbsent(user, this::directClient), request, stream);
    }

    /** Stops the user's runner through the admin API (Docker stop; the container is kept for a resume). */
    void stop(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = orchestrator.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/admin/slots/" + user + "/stop"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + BenchStack.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("stopping " + user + ": " + response.statusCode() + " " + response.body());
        }
    }

    private synchronized HttpClient directClient(String user) {
        if (tls == null) {
            Path state = stack.stateDir();
            tls = new RunnerTlsContexts(CertificateAuthority.loadOrCreate(state));
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.forSlot(stack.slot(user)))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Timing timed(HttpClient client, HttpRequest request, boolean stream) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int first = body.read();
                long t1 = System.nanoTime();
                byte[] rest = body.readAllBytes();
                long t2 = System.nanoTime();
                String text = (first < 0 ? "" : Character.toString(first)) + new String(rest, StandardCharsets.UTF_8);
                boolean complete = stream ? text.contains("data: [DONE]") : text.contains("\"choices\"");
                boolean ok = response.statusCode() == 200 && complete;
                return new Timing((t1 - t0) / 1e6, (t2 - t0) / 1e6, ok,
                        ok ? null : response.statusCode() + " " + text.substring(0, Math.min(200, text.length())));
            }
        } catch (IOException e) {
            return new Timing(Double.NaN, Double.NaN, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Timing(Double.NaN, Double.NaN, false, "interrupted");
        }
    }
}
