package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.slot.ReadinessProbe;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Reaches runners' agents over mutual TLS with one pool of keep-alive connections (Apache HttpClient, classic
 * blocking I/O: a request and its streamed answer are read on the request's own thread, with no hand-off between
 * threads per chunk). Each connection's server certificate must name the slot the orchestrator believes lives at
 * that address; the address book is updated from the backend's own view of the runner on every call.
 */
public final class HttpsRunnerTransport implements RunnerTransport, ReadinessProbe, AutoCloseable {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    /** Idle connections are kept 5 minutes (runners keep them 10), so the orchestrator, not the runner, closes them. */
    private static final TimeValue IDLE_KEPT = TimeValue.ofMinutes(5);
    /** A connection idle this long is checked before reuse (a runner may have been restarted at its address). */
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(10);
    /** Per runner; a user's concurrent runs are bounded by policy long before this. */
    private static final int CONNECTIONS_PER_RUNNER = 256;

    private final ConcurrentHashMap<String, String> slotByAddress = new ConcurrentHashMap<>();
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;

    public HttpsRunnerTransport(RunnerTlsContexts tls) {
        // The trust manager checks the slot name against the peer address; runners are reached by IP address, so
        // the client's own host name check is off (DNS names in runner certificates are slot names, not hosts).
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.forPeers(slotByAddress::get),
                        HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE))
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(CONNECTIONS_PER_RUNNER)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(CONNECT_TIMEOUT)
                        .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries() // Forwarder retries once, and only what can be sent twice
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // bytes are relayed as the runner sent them
                .disableConnectionState() // connections carry the client certificate; any request may reuse them
                .evictIdleConnections(IDLE_KEPT)
                .build();
    }

    @Override
    public RunnerResponse send(SlotInstance runner, RunnerCall call, Consumer<Runnable> onAbort)
            throws IOException, InterruptedException {
        HttpUriRequestBase request = new HttpUriRequestBase(call.method(), uri(runner, call.path()));
        call.headers().forEach(request::setHeader);
        request.setEntity(entity(call.body(), call.headers().get("Content-Type")));
        Timeout silence = Timeout.of(call.timeout());
        request.setConfig(RequestConfig.custom().setResponseTimeout(silence).build());
        onAbort.accept(request::cancel);
        if (Thread.interrupted()) { // aborted before the cancel action was in place
            throw new InterruptedException("call to runner " + runner.slotName() + " aborted");
        }
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, request, null);
        } catch (ConnectTimeoutException e) {
            throw withCause(new HttpConnectTimeoutException("runner " + runner.slotName()
                    + " did not accept a connection in " + CONNECT_TIMEOUT), e);
        } catch (SocketTimeoutException e) {
            throw withCause(new HttpTimeoutException("runner " + runner.slotName() + " did not answer in "
                    + call.timeout()), e);
        } catch (IOException e) {
            if (request.isCancelled()) {
                throw new InterruptedException("call to runner " + runner.slotName() + " aborted");
            }
            throw e;
        }
        Map<String, String> headers = new HashMap<>();
        for (Header header : response.getHeaders()) {
            headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        try {
            return new RunnerResponse(response.getCode(), headers, new Body(response, request));
        } catch (IOException | RuntimeException e) {
            request.cancel(); // the body could not be opened: the connection is not reused
            response.close();
            throw e;
        }
    }

    @Override
    public boolean ready(SlotInstance instance) {
        try {
            RunnerResponse response = send(instance, RunnerCall.get("/health", PROBE_TIMEOUT));
            try (InputStream body = response.body()) {
                body.readAllBytes();
            }
            return response.status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Open connections to runners, idle or in use (for tests and metrics). */
    public int openConnections() {
        return pool.getTotalStats().getLeased() + pool.getTotalStats().getAvailable();
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    private static HttpEntity entity(RunnerBody body, String contentType) {
        if (body.empty()) {
            return null;
        }
        ContentType type = contentType == null ? null : ContentType.parseLenient(contentType);
        return body.bytes() != null ? new ByteArrayEntity(body.bytes(), type)
                : new InputStreamEntity(body.stream(), body.length(), type);
    }

    private static <E extends IOException> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    private URI uri(SlotInstance runner, String path) throws ConnectException {
        String host = runner.host().orElseThrow(() -> new ConnectException("runner " + runner.slotName()
                + " has no address"));
        slotByAddress.put(host + ":" + runner.port(), runner.slotName());
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + runner.port() + path);
    }

    /**
     * The response body. Read to its end and closed, its connection goes back to the pool; closed before its end
     * (a client went away, the orchestrator aborts), the connection is closed, which tells the runner to cancel.
     */
    private static final class Body extends FilterInputStream {
        private final ClassicHttpResponse response;
        private final HttpUriRequestBase request;
        private volatile boolean ended;
        private boolean closed;

        Body(ClassicHttpResponse response, HttpUriRequestBase request) throws IOException {
            super(response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent());
            this.response = response;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!ended) {
                request.cancel(); // drops the connection at once instead of reading the rest of the answer
            }
            try {
                super.close();
            } catch (IOException | RuntimeException e) {
                if (ended) {
                    throw e;
                }
                // the connection was dropped on purpose; reading what was left of it fails, as it should
            } finally {
                response.close();
            }
        }
    }
}
