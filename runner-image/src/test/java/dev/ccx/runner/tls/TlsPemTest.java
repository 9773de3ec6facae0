package dev.ccx.runner.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPemTest {

    @Test
    void an_ec_pkcs8_key_from_openssl_is_read_as_an_ec_key() {
        assertThat(Pem.privateKey(TlsFixtures.read("server-ec.key"), "key")).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void an_rsa_pkcs8_key_from_openssl_is_read_as_an_rsa_key() {
        assertThat(Pem.privateKey(TlsFixtures.read("server-rsa.key"), "key")).isInstanceOf(RSAPrivateKey.class);
    }

    @Test
    void keys_generated_and_encoded_by_the_jdk_round_trip() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        for (KeyPair pair : List.of(ec.generateKeyPair(), rsa.generateKeyPair())) {
            PrivateKey read = Pem.privateKey(pkcs8Pem(pair.getPrivate()), "key");
            assertThat(read.getAlgorithm()).isEqualTo(pair.getPrivate().getAlgorithm());
            assertThat(read.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        }
    }

    @Test
    void a_chain_is_read_leaf_first_in_the_order_given() {
        String chain = TlsFixtures.read("server-ec.crt") + TlsFixtures.read("ca.crt");
        List<X509Certificate> certificates = Pem.certificates(chain, "chain");
        assertThat(certificates).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=ccx-test-runner", "CN=ccx-test-ca");
    }

    @Test
    void newlines_flattened_to_backslash_n_are_accepted() {
        String flattened = TlsFixtures.read("server-ec.key").replace("\n", "\\n");
        assertThat(Pem.privateKey(flattened, "key")).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void a_sec1_key_is_refused_with_a_hint_and_without_its_text() {
        String sec1 = TlsFixtures.read("server-ec-sec1.key");
        assertThatThrownBy(() -> Pem.privateKey(sec1, "CCX_TLS_KEY"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("CCX_TLS_KEY")
                .hasMessageContaining("openssl pkcs8 -topk8")
                .satisfies(e -> assertLeaksNothingOf(e, sec1));
    }

    @Test
    void a_key_with_broken_base64_is_refused_without_its_text() {
        String key = TlsFixtures.read("server-ec.key");
        String broken = key.replaceFirst("(?m)^([A-Za-z0-9+/]{10})", "$1!*");
        assertThatThrownBy(() -> Pem.privateKey(broken, "CCX_TLS_KEY"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("CCX_TLS_KEY: a PRIVATE KEY block is not valid base64")
                .satisfies(e -> assertLeaksNothingOf(e, key));
    }

    @Test
    void a_truncated_key_is_refused_without_its_text() {
        String key = TlsFixtures.read("server-ec.key");
        String[] lines = key.split("\n");
        String truncated = lines[0] + "\n" + lines[1].substring(0, 40) + "\n" + lines[lines.length - 1] + "\n";
        assertThatThrownBy(() -> Pem.privateKey(truncated, "CCX_TLS_KEY"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("CCX_TLS_KEY: not a valid PKCS#8 EC or RSA private key")
                .satisfies(e -> assertLeaksNothingOf(e, truncated));
    }

    @Test
    void a_certificate_passed_as_the_key_is_refused_by_name() {
        assertThatThrownBy(() -> Pem.privateKey(TlsFixtures.read("client.crt"), "CCX_TLS_KEY"))
                .hasMessage("CCX_TLS_KEY: no PEM PRIVATE KEY block found");
    }

    @Test
    void text_that_is_not_pem_is_refused_for_certificates_and_keys() {
        assertThatThrownBy(() -> Pem.certificates("hello", "CCX_TLS_CERT"))
                .hasMessage("CCX_TLS_CERT: no PEM CERTIFICATE block found");
        assertThatThrownBy(() -> Pem.privateKey("", "CCX_TLS_KEY")).hasMessage("CCX_TLS_KEY: empty");
    }

    @Test
    void a_corrupt_certificate_is_refused_by_name() {
        String corrupt = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates(corrupt, "CCX_TLS_CA"))
                .hasMessage("CCX_TLS_CA: a CERTIFICATE block is not a valid X.509 certificate");
    }

    private static String pkcs8Pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** Neither the message nor anything in the printed stack trace holds a line of the key's body. */
    private static void assertLeaksNothingOf(Throwable error, String pem) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        for (String line : pem.split("\n")) {
            if (!line.startsWith("-----") && line.length() >= 8) {
                assertThat(trace.toString()).doesNotContain(line.substring(0, 8));
            }
        }
        assertThat(error.getCause()).isNull();
    }
}
