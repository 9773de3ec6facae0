package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.slot.ReadinessProbe;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaches runners' agents over mutual TLS with one pooled HttpClient. Each connection's server certificate
 * must name the slot the orchestrator believes lives at that address; the address book is updated from the
 * backend's own view of the runner on every call.
 */
public final class HttpsRunnerTransport implements RunnerTransport, ReadinessProbe {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";
    private final ConcurrentHashMap<String, String> slotByAddress = new ConcurrentHashMap<>();
    private final HttpClient client;

    public HttpsRunnerTransport(RunnerTlsContexts tls) {
        // Idle connections to runners are kept 5 minutes (runners keep them 10), so a request after a user's pause
        // reuses its TLS session and the orchestrator, not the runner, closes them. Read by the JDK once.
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
            System.setProperty(KEEP_ALIVE_PROPERTY, "300");
        }
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls.forPeers(slotByAddress::get))
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public HttpResponse<InputStream> send(SlotInstance runner, RunnerCall call)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(runner, call.path()))
                .method(call.method(), call.body())
                .timeout(call.timeout());
        call.headers().forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public boolean ready(SlotInstance instance) {
        try {
            HttpResponse<InputStream> response = send(instance, RunnerCall.get("/health", PROBE_TIMEOUT));
            try (InputStream body = response.body()) {
                body.readAllBytes();
            }
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI uri(SlotInstance runner, String path) throws ConnectException {
        String host = runner.host().orElseThrow(() -> new ConnectException("runner " + runner.slotName()
                + " has no address"));
        slotByAddress.put(host + ":" + runner.port(), runner.slotName());
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + runner.port() + path);
    }
}
