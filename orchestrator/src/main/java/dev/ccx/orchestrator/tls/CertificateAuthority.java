package dev.ccx.orchestrator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's internal CA, kept in its state directory: issues each runner a server certificate
 * naming its slot, and the orchestrator the only client certificate runners accept. Thread-safe.
 */
public final class CertificateAuthority {

    /** The CN of the orchestrator's client certificate, which runners require by default. */
    public static final String ORCHESTRATOR_CLIENT_NAME = "ccx-orchestrator";
    /** How long a runner's server certificate is valid unless the caller says otherwise. */
    public static final Duration DEFAULT_SERVER_VALIDITY = Duration.ofDays(365);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final String KEY_FILE = "ca.key";
    static final String CERT_FILE = "ca.crt";
    private static final String LOCK_FILE = ".ca.lock";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final Object CREATION_LOCK = new Object();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String certificatePem;
    private final Clock clock;
    private final ClientCredentialStore clientCredentials;

    private CertificateAuthority(Path stateDir, X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.certificatePem = PemCodec.encodeCertificate(certificate);
        this.clock = clock;
        this.clientCredentials = new ClientCredentialStore(stateDir, this, clock);
    }

    /** Loads the CA from {@code stateDir}, or creates it there (with the directory) on first use. */
    public static CertificateAuthority loadOrCreate(Path stateDir) {
        return loadOrCreate(stateDir, Clock.systemUTC());
    }

    /** As {@link #loadOrCreate(Path)}, with the clock that dates certificates and renewals. */
    public static CertificateAuthority loadOrCreate(Path stateDir, Clock clock) {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(clock, "clock");
        synchronized (CREATION_LOCK) {
            StateFiles.createDirectories(stateDir);
            try (FileChannel channel = FileChannel.open(stateDir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // against another orchestrator process; released when the channel closes
                return loadOrCreateLocked(stateDir, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the TLS state directory " + stateDir, e);
            }
        }
    }

    private static CertificateAuthority loadOrCreateLocked(Path stateDir, Clock clock) {
        Path keyFile = stateDir.resolve(KEY_FILE);
        Path certFile = stateDir.resolve(CERT_FILE);
        boolean hasKey = Files.exists(keyFile);
        boolean hasCert = Files.exists(certFile);
        if (hasKey && hasCert) {
            return load(stateDir, keyFile, certFile, clock);
        }
        if (hasCert) {
            throw new IllegalStateException(stateDir + " holds " + CERT_FILE + " but no " + KEY_FILE
                    + ": restore the key, or remove " + CERT_FILE + " to start a new CA"
                    + " (runners issued by the old CA must then be recreated)");
        }
        if (hasKey) {
            LOG.warn("{} has {} without {} (an interrupted CA creation): creating a new CA",
                    stateDir, KEY_FILE, CERT_FILE);
        }
        return create(stateDir, keyFile, certFile, clock);
    }

    private static CertificateAuthority load(Path stateDir, Path keyFile, Path certFile, Clock clock) {
        PrivateKey key = PemCodec.decodePrivateKey(StateFiles.read(keyFile), KEY_FILE);
        X509Certificate cert = PemCodec.decodeCertificate(StateFiles.read(certFile), CERT_FILE);
        if (cert.getBasicConstraints() < 0) {
            throw new IllegalStateException(CERT_FILE + " in " + stateDir + " is not a CA certificate");
        }
        if (!Certificates.isKeyPair(key, cert.getPublicKey())) {
            throw new IllegalStateException(KEY_FILE + " does not match " + CERT_FILE + " in " + stateDir);
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!notAfter.isAfter(clock.instant())) {
            throw new IllegalStateException("the internal CA in " + stateDir + " expired at " + notAfter
                    + ": remove " + KEY_FILE + " and " + CERT_FILE + " to start a new CA");
        }
        LOG.info("loaded internal CA {} (valid until {})", cert.getSubjectX500Principal().getName(), notAfter);
        return new CertificateAuthority(stateDir, cert, key, clock);
    }

    private static CertificateAuthority create(Path stateDir, Path keyFile, Path certFile, Clock clock) {
        KeyPair keys = Certificates.newKeyPair();
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        String name = "ccx-internal-ca-" + HexFormat.of().formatHex(id);
        X509Certificate cert = Certificates.selfSignedCa(keys, name, clock.instant(), CA_VALIDITY);
        StateFiles.writeSecret(keyFile, PemCodec.encodePrivateKey(keys.getPrivate()));
        StateFiles.writePublic(certFile, PemCodec.encodeCertificate(cert));
        LOG.info("created internal CA {} in {} (valid until {})", name, stateDir, cert.getNotAfter().toInstant());
        return new CertificateAuthority(stateDir, cert, keys.getPrivate(), clock);
    }

    /** The CA certificate as PEM: what runners trust for clients (env {@code CCX_TLS_CA}). */
    public String caCertificatePem() {
        return certificatePem;
    }

    /** The CA certificate, the only trust anchor for runner connections. */
    public X509Certificate caCertificate() {
        return certificate;
    }

    /** Issues a runner a server credential for {@code slotName}, valid {@link #DEFAULT_SERVER_VALIDITY}. */
    public IssuedCredential issueServerCredential(String slotName) {
        return issueServerCredential(slotName, DEFAULT_SERVER_VALIDITY);
    }

    /**
     * Issues a server credential with a fresh key pair: CN and the only SAN dNSName are {@code slotName},
     * extended key usage serverAuth only.
     */
    public IssuedCredential issueServerCredential(String slotName, Duration validity) {
        return issue(LeafSpec.server(slotName, validity));
    }

    /**
     * The orchestrator's client credential (CN {@value #ORCHESTRATOR_CLIENT_NAME}, clientAuth only), kept
     * in the state directory and re-issued when missing or within 30 days of expiry.
     */
    public IssuedCredential orchestratorClientCredential() {
        return clientCredentials.current();
    }

    IssuedCredential issue(LeafSpec spec) {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate leaf = Certificates.leaf(spec, keys.getPublic(), certificate, privateKey, clock.instant());
        return new IssuedCredential(PemCodec.encodeCertificate(leaf), PemCodec.encodePrivateKey(keys.getPrivate()),
                leaf.getNotAfter().toInstant());
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
