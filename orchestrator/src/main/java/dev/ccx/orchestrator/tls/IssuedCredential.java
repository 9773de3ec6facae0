package dev.ccx.orchestrator.tls;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate and its private key as PEM text, ready to hand to a runner or to load into a key store.
 *
 * @param certificatePem the leaf certificate (PEM, one {@code CERTIFICATE} block)
 * @param privateKeyPem the leaf's private key (PKCS#8 PEM, {@code PRIVATE KEY}); a secret
 * @param notAfter when the certificate expires
 */
public record IssuedCredential(String certificatePem, String privateKeyPem, Instant notAfter) {

    public IssuedCredential {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "IssuedCredential[notAfter=" + notAfter + ", privateKeyPem=<redacted>]";
    }
}
