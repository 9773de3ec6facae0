package dev.ccx.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's own client certificate: kept in the state directory, renewed before it expires. */
class OrchestratorClientCertificateTest {

    @TempDir
    Path stateDir;

    private static X509Certificate certificate(IssuedCredential credential) {
        return PemCodec.decodeCertificate(credential.certificatePem(), "test");
    }

    @Test
    void the_orchestrator_client_credential_is_kept_and_reused_across_restarts() throws Exception {
        IssuedCredential first = CertificateAuthority.loadOrCreate(stateDir).orchestratorClientCredential();
        IssuedCredential afterRestart = CertificateAuthority.loadOrCreate(stateDir).orchestratorClientCredential();

        assertThat(afterRestart).isEqualTo(first);
        X509Certificate leaf = certificate(first);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=ccx-orchestrator");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(ChainValidator.CLIENT_AUTH);
        assertThat(leaf.getSubjectAlternativeNames()).isNull();
    }

    @Test
    void the_client_credential_is_reissued_when_its_files_are_missing() throws Exception {
        IssuedCredential first = CertificateAuthority.loadOrCreate(stateDir).orchestratorClientCredential();
        Files.delete(stateDir.resolve("orchestrator-client.crt"));

        IssuedCredential second = CertificateAuthority.loadOrCreate(stateDir).orchestratorClientCredential();

        assertThat(second.certificatePem()).isNotEqualTo(first.certificatePem());
        assertThat(Files.readString(stateDir.resolve("orchestrator-client.crt"))).isEqualTo(second.certificatePem());
    }

    @Test
    void the_client_credential_is_reissued_within_thirty_days_of_expiry() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir, clock);
        IssuedCredential first = ca.orchestratorClientCredential();

        clock.advance(Duration.ofDays(365 - 31));
        assertThat(ca.orchestratorClientCredential()).isEqualTo(first);
        clock.advance(Duration.ofDays(2));
        IssuedCredential renewed = ca.orchestratorClientCredential();

        assertThat(renewed.notAfter()).isAfter(first.notAfter());
        assertThat(Files.readString(stateDir.resolve("orchestrator-client.key"))).isEqualTo(renewed.privateKeyPem());
        assertThat(CertificateAuthority.loadOrCreate(stateDir, clock).orchestratorClientCredential())
                .isEqualTo(renewed);
    }

    @Test
    void a_client_credential_from_another_ca_in_the_state_directory_is_replaced(@TempDir Path other)
            throws Exception {
        CertificateAuthority.loadOrCreate(other).orchestratorClientCredential();
        for (String file : List.of("orchestrator-client.key", "orchestrator-client.crt")) {
            Files.copy(other.resolve(file), stateDir.resolve(file));
        }
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        X509Certificate leaf = certificate(ca.orchestratorClientCredential());
        assertThat(Certificates.isSignedBy(leaf, ca.caCertificate())).isTrue();
    }
}
