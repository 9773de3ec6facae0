package dev.ccx.runner.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The runner agent's server-side mutual TLS, JDK only: serves the runner's certificate and admits only a client
 * (the orchestrator) whose certificate chains to the given CA, is for clientAuth and has the expected CN.
 */
public final class ServerTls {

    /** The runner's certificate chain, leaf first (PEM). */
    public static final String CERT_ENV = "CCX_TLS_CERT";
    /** The runner's private key (unencrypted PKCS#8 PEM, EC or RSA). */
    public static final String KEY_ENV = "CCX_TLS_KEY";
    /** The CA that client certificates must chain to (PEM). */
    public static final String CA_ENV = "CCX_TLS_CA";
    /** Optional: the CN a client certificate must carry; default {@value #DEFAULT_CLIENT_NAME}. */
    public static final String CLIENT_NAME_ENV = "CCX_TLS_CLIENT_NAME";
    /** The orchestrator's client certificate CN. */
    public static final String DEFAULT_CLIENT_NAME = "ccx-orchestrator";

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final String clientName;

    private ServerTls(SSLContext context, String clientName) {
        this.context = context;
        this.clientName = clientName;
    }

    /** Reads {@code CCX_TLS_*} from {@code env}, reporting every missing variable at once. */
    public static ServerTls fromEnvironment(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of(CERT_ENV, KEY_ENV, CA_ENV)) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new TlsConfigException("missing TLS environment variables: " + String.join(", ", missing));
        }
        String clientName = env.getOrDefault(CLIENT_NAME_ENV, "");
        return fromPem(env.get(CERT_ENV), env.get(KEY_ENV), env.get(CA_ENV),
                clientName.isBlank() ? DEFAULT_CLIENT_NAME : clientName.strip());
    }

    /** As {@link #fromPem(String, String, String, String)}, admitting clients named {@value #DEFAULT_CLIENT_NAME}. */
    public static ServerTls fromPem(String certificateChainPem, String privateKeyPem, String caCertificatePem) {
        return fromPem(certificateChainPem, privateKeyPem, caCertificatePem, DEFAULT_CLIENT_NAME);
    }

    /** Builds the server context; throws {@link TlsConfigException} for missing, malformed or mismatched PEMs. */
    public static ServerTls fromPem(String certificateChainPem, String privateKeyPem, String caCertificatePem,
            String expectedClientName) {
        if (expectedClientName == null || expectedClientName.isBlank()) {
            throw new TlsConfigException(CLIENT_NAME_ENV + ": the expected client name is empty");
        }
        List<X509Certificate> chain = Pem.certificates(certificateChainPem, CERT_ENV);
        PrivateKey key = Pem.privateKey(privateKeyPem, KEY_ENV);
        List<X509Certificate> cas = Pem.certificates(caCertificatePem, CA_ENV);
        if (cas.size() != 1) {
            throw new TlsConfigException(CA_ENV + ": expected exactly one CA certificate, found " + cas.size());
        }
        requireMatchingKey(key, chain.get(0));
        return new ServerTls(context(key, chain, new ClientTrustManager(cas.get(0), expectedClientName)),
                expectedClientName);
    }

    /** The SSLContext; prefer {@link #configure(HttpsServer)}, which also requires client certificates. */
    public SSLContext sslContext() {
        return context;
    }

    /** The CN a client certificate must carry. */
    public String expectedClientName() {
        return clientName;
    }

    /** A configurator that requires a client certificate and allows TLSv1.3 and TLSv1.2 only. */
    public HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setProtocols(PROTOCOLS.clone());
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        };
    }

    /** Installs {@link #configurator()} on {@code server}. */
    public void configure(HttpsServer server) {
        Objects.requireNonNull(server, "server").setHttpsConfigurator(configurator());
    }

    private static SSLContext context(PrivateKey key, List<X509Certificate> chain, TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SingleKeyManager(key, chain)}, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot build the runner's TLS context: " + e.getClass().getSimpleName());
        }
    }

    /** Fails unless {@code key} is the private half of the leaf certificate's public key. */
    private static void requireMatchingKey(PrivateKey key, X509Certificate leaf) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new TlsConfigException(KEY_ENV + " does not match the first certificate in " + CERT_ENV);
    }
}
