package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS client with no certificate of its own that trusts any server (an attacker probing a runner), and records
 * the server certificates it was shown: proof that a handshake got as far as the server's certificate.
 */
final class AnonymousTls {
    /** The leaf certificate of every server chain presented to {@link #context}. */
    final List<X509Certificate> presented = new CopyOnWriteArrayList<>();
    final SSLContext context;

    /**
     * The trust manager is an extended one, so the JDK does not wrap it with its own endpoint check, which would
     * fail the handshake on the client's side (the runner's IP is not in its certificate) before the runner could
     * refuse anything.
     */
    AnonymousTls() throws GeneralSecurityException {
        context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new RecordingTrust()}, new SecureRandom());
    }

    /**
     * A TLS 1.2 handshake with {@code host:port}; null when it completes. Over TLS 1.2 a server checks the client's
     * certificate before it sends its Finished, so a refusal fails the handshake itself; over TLS 1.3 the client's
     * side completes first and a refusing server just hangs up.
     */
    static Throwable handshakeOverTls12(SSLContext context, String host, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            return catchThrowable(socket::startHandshake);
        }
    }

    private final class RecordingTrust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            presented.add(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            presented.add(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            presented.add(chain[0]);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
