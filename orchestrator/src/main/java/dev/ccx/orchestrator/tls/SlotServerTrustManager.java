package dev.ccx.orchestrator.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a runner's server certificate only if it chains to the internal CA, is for serverAuth and names
 * exactly the slot expected at the peer address. Runners are reached by IP address, so the engine's endpoint
 * identification (hostname verification) is deliberately ignored: the slot-name check replaces it.
 */
final class SlotServerTrustManager extends X509ExtendedTrustManager {

    private static final int DNS_NAME = 2;

    private final ChainValidator validator;
    private final Function<String, String> expectedSlotForPeer;

    SlotServerTrustManager(X509Certificate ca, String expectedSlot) {
        this.validator = new ChainValidator(ca);
        String slot = DnsNames.require(expectedSlot);
        this.expectedSlotForPeer = peer -> slot;
    }

    /** Expects, for each peer {@code host:port} (as connected to, e.g. an IP), the slot believed to live there. */
    SlotServerTrustManager(X509Certificate ca, Function<String, String> expectedSlotForPeer) {
        this.validator = new ChainValidator(ca);
        this.expectedSlotForPeer = expectedSlotForPeer;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, socket == null || socket.getInetAddress() == null ? null
                : socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine == null || engine.getPeerHost() == null ? null
                : engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    private void check(X509Certificate[] chain, String peer) throws CertificateException {
        X509Certificate leaf = validator.validate(chain, ChainValidator.SERVER_AUTH);
        String expectedSlot = expectedSlotForPeer.apply(peer);
        if (expectedSlot == null) {
            throw new CertificateException("no runner is expected at " + peer);
        }
        List<String> names = dnsNames(leaf);
        if (names.isEmpty() || !names.stream().allMatch(expectedSlot::equals)) {
            throw new CertificateException("runner certificate names " + names + ", expected slot " + expectedSlot);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this TLS context only connects to runners; it accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return validator.acceptedIssuers();
    }

    private static List<String> dnsNames(X509Certificate leaf) throws CertificateParsingException {
        Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
        List<String> names = new ArrayList<>();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                if (entry.size() >= 2 && Integer.valueOf(DNS_NAME).equals(entry.get(0))) {
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        }
        return names;
    }
}
