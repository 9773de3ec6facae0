package dev.ccx.orchestrator.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the orchestrator's client certificate in every handshake, re-reading the credential each time so
 * a long-lived SSLContext picks up a renewed certificate. Never acts as a server.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {

    /** One parsed credential; the alias carries its serial so chain and key always come from the same one. */
    record Snapshot(String pem, String alias, PrivateKey key, X509Certificate[] chain) {
    }

    private final Supplier<IssuedCredential> credentials;
    private Snapshot current;
    private Snapshot previous;

    ClientKeyManager(Supplier<IssuedCredential> credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        Snapshot snapshot = refresh();
        boolean typeMatches = keyTypes != null
                && Arrays.asList(keyTypes).contains(snapshot.key().getAlgorithm());
        return typeMatches ? snapshot.alias() : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        Snapshot snapshot = refresh();
        return snapshot.key().getAlgorithm().equals(keyType) ? new String[] {snapshot.alias()} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Snapshot snapshot = find(alias);
        return snapshot == null ? null : snapshot.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Snapshot snapshot = find(alias);
        return snapshot == null ? null : snapshot.key();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** Re-reads the credential, parsing it only when it changed; returns the one to present. */
    synchronized Snapshot refresh() {
        IssuedCredential credential = credentials.get();
        if (current == null || !current.pem().equals(credential.certificatePem())) {
            X509Certificate certificate = PemCodec.decodeCertificate(credential.certificatePem(), "client certificate");
            PrivateKey key = PemCodec.decodePrivateKey(credential.privateKeyPem(), "client key");
            String alias = "client-" + certificate.getSerialNumber().toString(16);
            previous = current;
            current = new Snapshot(credential.certificatePem(), alias, key, new X509Certificate[] {certificate});
        }
        return current;
    }

    private synchronized Snapshot find(String alias) {
        if (current != null && current.alias().equals(alias)) {
            return current;
        }
        if (previous != null && previous.alias().equals(alias)) {
            return previous;
        }
        return null;
    }
}
