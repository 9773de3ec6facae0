package dev.ccx.orchestrator.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builds the SSLContext the orchestrator uses to reach one runner (e.g. for {@code HttpClient.Builder#sslContext}):
 * it presents the orchestrator's client certificate, trusts only the internal CA, and accepts only a server
 * certificate whose SAN dNSName is the expected slot name. Works when the runner is addressed by IP: no
 * hostname verification and no system property are involved. Thread-safe.
 */
public final class RunnerTlsContexts {

    private final X509Certificate ca;
    private final ClientKeyManager clientKeys;

    /**
     * Contexts presenting {@code ca}'s orchestrator client credential (renewed automatically when due). Loads or
     * issues that credential now, so neither the cost nor a state-directory error lands on a first request.
     */
    public RunnerTlsContexts(CertificateAuthority ca) {
        Objects.requireNonNull(ca, "ca");
        this.ca = ca.caCertificate();
        this.clientKeys = new ClientKeyManager(ca::orchestratorClientCredential);
        clientKeys.refresh();
    }

    /**
     * A context for connections to the runner of {@code slotName} only; cache it (and its HttpClient) per
     * slot, it stays valid across client-certificate renewals.
     */
    public SSLContext forSlot(String slotName) {
        return build(clientKeys, new SlotServerTrustManager(ca, slotName));
    }

    /**
     * One context for all runners: the slot expected behind each peer {@code host:port} comes from
     * {@code expectedSlotForPeer} (null means no runner is expected there, and the handshake fails).
     */
    public SSLContext forPeers(Function<String, String> expectedSlotForPeer) {
        return build(clientKeys, new SlotServerTrustManager(ca, expectedSlotForPeer));
    }

    static SSLContext build(KeyManager keyManager, TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keyManagers = keyManager == null ? new KeyManager[0] : new KeyManager[] {keyManager};
            context.init(keyManagers, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for runner connections", e);
        }
    }
}
