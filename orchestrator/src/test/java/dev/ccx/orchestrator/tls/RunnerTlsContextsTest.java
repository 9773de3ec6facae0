package dev.ccx.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.testing.TestClock;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's trust and key managers on their own, where each refusal's reason is visible. */
class RunnerTlsContextsTest {

    private static final String ALICE = "ccx-alice-1a2b3c";

    @TempDir
    static Path stateDir;
    @TempDir
    static Path otherStateDir;
    private static CertificateAuthority ca;
    private static CertificateAuthority otherCa;

    @BeforeAll
    static void createAuthorities() {
        ca = CertificateAuthority.loadOrCreate(stateDir);
        otherCa = CertificateAuthority.loadOrCreate(otherStateDir);
    }

    private static X509Certificate[] chainOf(IssuedCredential credential) {
        return new X509Certificate[] {PemCodec.decodeCertificate(credential.certificatePem(), "test")};
    }

    private final SlotServerTrustManager trustsAlice = new SlotServerTrustManager(ca.caCertificate(), ALICE);

    @Test
    void the_runner_certificate_for_the_expected_slot_is_trusted_with_or_without_the_ca_in_the_chain() {
        X509Certificate leaf = chainOf(ca.issueServerCredential(ALICE))[0];
        assertThatCode(() -> trustsAlice.checkServerTrusted(new X509Certificate[] {leaf}, "EC"))
                .doesNotThrowAnyException();
        assertThatCode(() -> trustsAlice.checkServerTrusted(new X509Certificate[] {leaf, ca.caCertificate()}, "EC"))
                .doesNotThrowAnyException();
    }

    @Test
    void a_runner_certificate_for_another_slot_is_refused_by_name() {
        X509Certificate[] bob = chainOf(ca.issueServerCredential("ccx-bob-4d5e6f"));
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(bob, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("runner certificate names [ccx-bob-4d5e6f], expected slot " + ALICE);
    }

    @Test
    void a_slot_name_that_only_extends_the_expected_one_is_refused() {
        X509Certificate[] longer = chainOf(ca.issueServerCredential(ALICE + "x"));
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(longer, "EC"))
                .hasMessageContaining("expected slot " + ALICE);
    }

    @Test
    void a_client_certificate_is_refused_as_a_runner_certificate() {
        X509Certificate[] client = chainOf(ca.orchestratorClientCredential());
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(client, "EC"))
                .hasMessage("peer certificate lacks extended key usage serverAuth");
    }

    @Test
    void a_runner_certificate_from_another_ca_is_refused() {
        X509Certificate[] foreign = chainOf(otherCa.issueServerCredential(ALICE));
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(foreign, "EC"))
                .hasMessageStartingWith("peer certificate is not valid under the internal CA");
    }

    @Test
    void the_ca_certificate_alone_is_refused() {
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(new X509Certificate[] {ca.caCertificate()}, "EC"))
                .hasMessage("peer presented no certificate below the internal CA");
    }

    @Test
    void an_expired_runner_certificate_is_refused() {
        TestClock lastYear = new TestClock(Instant.now().minus(Duration.ofDays(400)));
        CertificateAuthority past = CertificateAuthority.loadOrCreate(stateDir, lastYear);
        X509Certificate[] expired = chainOf(past.issueServerCredential(ALICE, Duration.ofDays(1)));
        assertThatThrownBy(() -> trustsAlice.checkServerTrusted(expired, "EC"))
                .hasMessageStartingWith("peer certificate is not valid under the internal CA")
                .hasStackTraceContaining("CertificateExpiredException");
    }

    @Test
    void the_orchestrator_context_accepts_no_clients() {
        X509Certificate[] client = chainOf(ca.orchestratorClientCredential());
        assertThatThrownBy(() -> trustsAlice.checkClientTrusted(client, "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void slot_names_that_are_not_dns_safe_cannot_be_expected() {
        assertThatThrownBy(() -> new RunnerTlsContexts(ca).forSlot("Alice's slot"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_key_manager_presents_a_renewed_credential_and_keeps_the_old_one_for_a_handshake_in_flight() {
        IssuedCredential first = ca.issue(LeafSpec.client("ccx-orchestrator", Duration.ofDays(1)));
        IssuedCredential second = ca.issue(LeafSpec.client("ccx-orchestrator", Duration.ofDays(1)));
        AtomicReference<IssuedCredential> current = new AtomicReference<>(first);
        ClientKeyManager keys = new ClientKeyManager(current::get);

        String firstAlias = keys.chooseClientAlias(new String[] {"EC"}, null, null);
        current.set(second);
        String secondAlias = keys.chooseClientAlias(new String[] {"EC"}, null, null);

        assertThat(secondAlias).isNotEqualTo(firstAlias);
        assertThat(keys.getCertificateChain(secondAlias)).containsExactly(chainOf(second));
        assertThat(keys.getCertificateChain(firstAlias)).containsExactly(chainOf(first));
        assertThat(keys.getPrivateKey(firstAlias).getEncoded())
                .isEqualTo(PemCodec.decodePrivateKey(first.privateKeyPem(), "test").getEncoded());
    }

    @Test
    void the_key_manager_offers_its_ec_key_only_for_ec_key_types_and_never_serves() {
        ClientKeyManager keys = new ClientKeyManager(ca::orchestratorClientCredential);
        assertThat(keys.chooseClientAlias(new String[] {"RSA"}, null, null)).isNull();
        assertThat(keys.chooseClientAlias(new String[] {"RSA", "EC"}, null, null)).isNotNull();
        assertThat(keys.chooseServerAlias("EC", null, null)).isNull();
    }
}
