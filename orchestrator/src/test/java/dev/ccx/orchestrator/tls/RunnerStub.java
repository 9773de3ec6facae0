package dev.ccx.orchestrator.tls;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.ccx.runner.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A runner agent stand-in: the runner's real ServerTls on an HttpsServer at 127.0.0.1, echoing its client's CN. */
final class RunnerStub implements AutoCloseable {

    private final HttpsServer server;
    final AtomicInteger handled = new AtomicInteger();

    RunnerStub(ServerTls tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tls.configure(server);
        server.createContext("/", exchange -> {
            handled.incrementAndGet();
            String client = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            byte[] body = client.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** GET https://127.0.0.1:port/ (an IP address, as the orchestrator reaches runners) with {@code context}. */
    HttpResponse<String> get(SSLContext context) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
