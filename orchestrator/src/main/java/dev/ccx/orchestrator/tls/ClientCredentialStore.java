package dev.ccx.orchestrator.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the orchestrator's client credential on disk, re-issuing it when missing, foreign or near expiry. */
final class ClientCredentialStore {

    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String KEY_FILE = "orchestrator-client.key";
    static final String CERT_FILE = "orchestrator-client.crt";

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialStore.class);

    private final Path keyFile;
    private final Path certFile;
    private final CertificateAuthority ca;
    private final Clock clock;
    private IssuedCredential current;

    ClientCredentialStore(Path stateDir, CertificateAuthority ca, Clock clock) {
        this.keyFile = stateDir.resolve(KEY_FILE);
        this.certFile = stateDir.resolve(CERT_FILE);
        this.ca = ca;
        this.clock = clock;
    }

    synchronized IssuedCredential current() {
        if (current == null || needsRenewal(current)) {
            current = loadUsable().orElseGet(this::issueAndStore);
        }
        return current;
    }

    private Optional<IssuedCredential> loadUsable() {
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            return Optional.empty();
        }
        try {
            String certPem = StateFiles.read(certFile);
            String keyPem = StateFiles.read(keyFile);
            X509Certificate cert = PemCodec.decodeCertificate(certPem, CERT_FILE);
            PrivateKey key = PemCodec.decodePrivateKey(keyPem, KEY_FILE);
            boolean ours = Certificates.isSignedBy(cert, ca.caCertificate());
            if (!ours || !Certificates.isKeyPair(key, cert.getPublicKey())) {
                LOG.info("stored orchestrator client certificate is from another CA or key: re-issuing");
                return Optional.empty();
            }
            IssuedCredential stored = new IssuedCredential(certPem, keyPem, cert.getNotAfter().toInstant());
            if (needsRenewal(stored)) {
                LOG.info("orchestrator client certificate expires at {}: re-issuing", stored.notAfter());
                return Optional.empty();
            }
            return Optional.of(stored);
        } catch (IllegalStateException e) {
            LOG.warn("stored orchestrator client credential is unusable ({}): re-issuing", e.getMessage());
            return Optional.empty();
        }
    }

    private IssuedCredential issueAndStore() {
        IssuedCredential issued = ca.issue(LeafSpec.client(CertificateAuthority.ORCHESTRATOR_CLIENT_NAME, VALIDITY));
        StateFiles.writeSecret(keyFile, issued.privateKeyPem());
        StateFiles.writePublic(certFile, issued.certificatePem());
        LOG.info("issued orchestrator client certificate (valid until {})", issued.notAfter());
        return issued;
    }

    private boolean needsRenewal(IssuedCredential credential) {
        return !credential.notAfter().isAfter(clock.instant().plus(RENEW_BEFORE));
    }
}
