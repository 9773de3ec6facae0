package dev.ccx.runner.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a TLS client only if its certificate chains to the given CA (and nothing else), carries extended
 * key usage clientAuth, and has the expected CN: on a runner, that is the orchestrator alone.
 */
final class ClientTrustManager extends X509ExtendedTrustManager {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final Set<TrustAnchor> anchors;
    private final String expectedName;

    ClientTrustManager(X509Certificate ca, String expectedName) {
        this.ca = ca;
        this.anchors = Set.of(new TrustAnchor(ca, null));
        this.expectedName = expectedName;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate leaf = validatePath(chain);
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("client certificate is a CA certificate");
        }
        List<String> purposes = leaf.getExtendedKeyUsage();
        if (purposes == null || !purposes.contains(CLIENT_AUTH)) {
            throw new CertificateException("client certificate lacks extended key usage clientAuth");
        }
        List<String> names = commonNames(leaf);
        if (names.isEmpty() || !names.stream().allMatch(expectedName::equals)) {
            throw new CertificateException("client certificate CN " + names + " is not " + expectedName);
        }
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
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the runner's TLS context only serves; it trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }

    /** PKIX against the CA alone, no revocation; a trailing copy of the CA in the chain is ignored. */
    private X509Certificate validatePath(X509Certificate[] chain) throws CertificateException {
        List<X509Certificate> path = new ArrayList<>();
        if (chain != null) {
            for (X509Certificate certificate : chain) {
                if (!certificate.equals(ca)) {
                    path.add(certificate);
                }
            }
        }
        if (path.isEmpty()) {
            throw new CertificateException("client presented no certificate below the CA");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("client certificate is not valid under the CA: " + e.getMessage(), e);
        }
        return path.get(0);
    }

    /** Every CN value in the subject, including any inside multi-valued RDNs. */
    private static List<String> commonNames(X509Certificate leaf) throws CertificateException {
        try {
            List<String> names = new ArrayList<>();
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                Attribute cn = rdn.toAttributes().get("CN");
                if (cn != null) {
                    NamingEnumeration<?> values = cn.getAll();
                    while (values.hasMore()) {
                        names.add(String.valueOf(values.next()));
                    }
                }
            }
            return names;
        } catch (NamingException e) {
            throw new CertificateException("client certificate subject is unreadable", e);
        }
    }
}
