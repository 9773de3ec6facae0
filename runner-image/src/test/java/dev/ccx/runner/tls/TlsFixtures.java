package dev.ccx.runner.tls;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test material generated once by generate-fixtures.sh, and a tiny HTTPS server and client around it. */
public final class TlsFixtures {

    private TlsFixtures() {
    }

    public static String read(String name) {
        try (InputStream in = TlsFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client context presenting {@code name}.crt/.key (or nothing if null) and trusting ca.crt normally. */
    public static SSLContext client(String name) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.certificates(read("ca.crt"), "ca").get(0));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (name != null) {
            X509Certificate[] chain = Pem.certificates(read(name + ".crt"), name).toArray(new X509Certificate[0]);
            keys.setKeyEntry(name, Pem.privateKey(read(name + ".key"), name), "pw".toCharArray(), chain);
        }
        keyManagers.init(keys, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** An HTTPS server on 127.0.0.1 that answers with the client's subject and the protocol, counting calls. */
    static final class Server implements AutoCloseable {
        final HttpsServer https;
        final AtomicInteger handled = new AtomicInteger();

        Server(ServerTls tls) throws IOException {
            https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            tls.configure(https);
            https.createContext("/", exchange -> {
                handled.incrementAndGet();
                HttpsExchange secure = (HttpsExchange) exchange;
                String body = secure.getSSLSession().getPeerPrincipal().getName() + " "
                        + secure.getSSLSession().getProtocol();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            https.start();
        }

        HttpResponse<String> get(SSLContext client) throws Exception {
            HttpClient http = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            https.stop(0);
        }
    }
}
