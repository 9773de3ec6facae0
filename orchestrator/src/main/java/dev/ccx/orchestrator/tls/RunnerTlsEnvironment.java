package dev.ccx.orchestrator.tls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The TLS environment variables a runner container starts with: its server credential, the CA that vouches
 * for the orchestrator, and the client name it must accept. Holds a private key, so it never prints one.
 *
 * @param slotName the slot the server certificate names
 * @param serverCredential the runner's certificate and private key
 * @param caCertificatePem the internal CA certificate
 * @param clientName the CN the runner requires of its client (the orchestrator)
 */
public record RunnerTlsEnvironment(String slotName, IssuedCredential serverCredential, String caCertificatePem,
        String clientName) {

    /** The runner's certificate (PEM chain, leaf first). */
    public static final String CERT = "CCX_TLS_CERT";
    /** The runner's private key (PKCS#8 PEM). */
    public static final String KEY = "CCX_TLS_KEY";
    /** The CA its clients must chain to (PEM). */
    public static final String CA = "CCX_TLS_CA";
    /** The CN its client must carry; the runner defaults to {@code ccx-orchestrator}. */
    public static final String CLIENT_NAME = "CCX_TLS_CLIENT_NAME";

    public RunnerTlsEnvironment {
        DnsNames.require(slotName);
        Objects.requireNonNull(serverCredential, "serverCredential");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        DnsNames.require(clientName);
    }

    /** Issues a fresh server credential for {@code slotName} and packs it with the CA and client name. */
    public static RunnerTlsEnvironment issue(CertificateAuthority ca, String slotName) {
        return new RunnerTlsEnvironment(slotName, ca.issueServerCredential(slotName), ca.caCertificatePem(),
                CertificateAuthority.ORCHESTRATOR_CLIENT_NAME);
    }

    /** The variables to add to the runner container's environment (values hold newlines). */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(CERT, serverCredential.certificatePem());
        variables.put(KEY, serverCredential.privateKeyPem());
        variables.put(CA, caCertificatePem);
        variables.put(CLIENT_NAME, clientName);
        return Collections.unmodifiableMap(variables);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "RunnerTlsEnvironment[slotName=" + slotName + ", clientName=" + clientName
                + ", notAfter=" + serverCredential.notAfter() + "]";
    }
}
