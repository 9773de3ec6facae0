package dev.ccx.orchestrator.tls;

import java.time.Duration;
import java.util.Objects;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * What goes into one end-entity certificate issued by the internal CA.
 *
 * @param commonName the subject CN
 * @param dnsName the single SAN dNSName, or null for none
 * @param purpose the single extended key usage (serverAuth or clientAuth)
 * @param validity how long from now the certificate is valid
 */
record LeafSpec(String commonName, String dnsName, KeyPurposeId purpose, Duration validity) {

    LeafSpec {
        DnsNames.require(commonName);
        if (dnsName != null) {
            DnsNames.require(dnsName);
        }
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
    }

    static LeafSpec server(String slotName, Duration validity) {
        return new LeafSpec(slotName, slotName, KeyPurposeId.id_kp_serverAuth, validity);
    }

    static LeafSpec client(String name, Duration validity) {
        return new LeafSpec(name, null, KeyPurposeId.id_kp_clientAuth, validity);
    }
}
