package dev.ccx.runner.tls;

import static dev.ccx.runner.tls.TlsFixtures.read;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class TlsClientTrustTest {

    private final X509Certificate ca = Pem.certificates(read("ca.crt"), "ca").get(0);
    private final ClientTrustManager trust = new ClientTrustManager(ca, "ccx-orchestrator");

    private static X509Certificate[] chain(String name) {
        return Pem.certificates(read(name + ".crt"), name).toArray(new X509Certificate[0]);
    }

    @Test
    void the_orchestrator_certificate_is_trusted_with_or_without_the_ca_in_the_chain() {
        assertThatCode(() -> trust.checkClientTrusted(chain("client"), "EC")).doesNotThrowAnyException();
        X509Certificate[] withCa = {chain("client")[0], ca};
        assertThatCode(() -> trust.checkClientTrusted(withCa, "EC")).doesNotThrowAnyException();
    }

    @Test
    void a_client_certificate_with_another_cn_is_refused_by_name() {
        assertThatThrownBy(() -> trust.checkClientTrusted(chain("intruder"), "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("client certificate CN [ccx-intruder] is not ccx-orchestrator");
    }

    @Test
    void a_server_certificate_is_refused_as_a_client_certificate() {
        assertThatThrownBy(() -> trust.checkClientTrusted(chain("server-ec"), "EC"))
                .hasMessage("client certificate lacks extended key usage clientAuth");
    }

    @Test
    void the_ca_certificate_itself_is_refused_as_a_client() {
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {ca}, "EC"))
                .hasMessage("client presented no certificate below the CA");
    }

    @Test
    void a_certificate_signed_by_another_ca_is_refused() {
        X509Certificate unrelatedAnchor = chain("intruder")[0];
        ClientTrustManager other = new ClientTrustManager(unrelatedAnchor, "ccx-orchestrator");
        assertThatThrownBy(() -> other.checkClientTrusted(chain("client"), "EC"))
                .hasMessageStartingWith("client certificate is not valid under the CA");
    }

    @Test
    void the_runner_context_never_trusts_servers() {
        assertThatThrownBy(() -> trust.checkServerTrusted(chain("server-ec"), "EC"))
                .isInstanceOf(CertificateException.class);
    }
}
