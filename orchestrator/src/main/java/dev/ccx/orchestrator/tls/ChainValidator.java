package dev.ccx.orchestrator.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** PKIX validation of a peer's chain against the internal CA alone, plus the leaf's extended key usage. */
final class ChainValidator {

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final Set<TrustAnchor> anchors;

    ChainValidator(X509Certificate ca) {
        this.ca = ca;
        this.anchors = Set.of(new TrustAnchor(ca, null));
    }

    /**
     * Validates {@code chain} (leaf first; a trailing copy of the CA is allowed) and returns its leaf,
     * which must be an end entity whose extended key usage includes {@code purposeOid}.
     */
    X509Certificate validate(X509Certificate[] chain, String purposeOid) throws CertificateException {
        List<X509Certificate> path = withoutAnchor(chain);
        if (path.isEmpty()) {
            throw new CertificateException("peer presented no certificate below the internal CA");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("peer certificate is not valid under the internal CA: " + e.getMessage(), e);
        }
        X509Certificate leaf = path.get(0);
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("peer certificate is a CA certificate, not an end entity");
        }
        List<String> purposes = leaf.getExtendedKeyUsage();
        if (purposes == null || !purposes.contains(purposeOid)) {
            throw new CertificateException("peer certificate lacks extended key usage " + purposeName(purposeOid));
        }
        return leaf;
    }

    X509Certificate[] acceptedIssuers() {
        return new X509Certificate[] {ca};
    }

    private List<X509Certificate> withoutAnchor(X509Certificate[] chain) {
        List<X509Certificate> path = new ArrayList<>();
        if (chain != null) {
            for (X509Certificate certificate : chain) {
                if (!certificate.equals(ca)) {
                    path.add(certificate);
                }
            }
        }
        return path;
    }

    private static String purposeName(String oid) {
        return switch (oid) {
            case SERVER_AUTH -> "serverAuth";
            case CLIENT_AUTH -> "clientAuth";
            default -> oid;
        };
    }
}
