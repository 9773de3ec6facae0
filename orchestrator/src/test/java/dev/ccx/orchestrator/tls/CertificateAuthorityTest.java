package dev.ccx.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String SLOT = "ccx-alice-1a2b3c";

    @TempDir
    Path stateDir;

    private static X509Certificate certificate(IssuedCredential credential) {
        return PemCodec.decodeCertificate(credential.certificatePem(), "test");
    }

    @Test
    void a_ca_created_in_the_state_directory_reloads_as_the_same_ca() throws Exception {
        CertificateAuthority created = CertificateAuthority.loadOrCreate(stateDir);
        byte[] keyBefore = Files.readAllBytes(stateDir.resolve("ca.key"));

        CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(stateDir);

        assertThat(reloaded.caCertificatePem()).isEqualTo(created.caCertificatePem());
        assertThat(Files.readAllBytes(stateDir.resolve("ca.key"))).isEqualTo(keyBefore);
        X509Certificate issuedByReloaded = certificate(reloaded.issueServerCredential(SLOT));
        assertThat(Certificates.isSignedBy(issuedByReloaded, created.caCertificate())).isTrue();
    }

    @Test
    void the_ca_certificate_is_a_self_signed_p256_ca_that_can_only_sign_certificates() throws Exception {
        X509Certificate ca = CertificateAuthority.loadOrCreate(stateDir).caCertificate();
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[0]).as("digitalSignature").isFalse();
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
    }

    @Test
    void private_key_files_are_pkcs8_and_readable_by_the_owner_only() throws Exception {
        CertificateAuthority.loadOrCreate(stateDir).orchestratorClientCredential();
        for (String key : List.of("ca.key", "orchestrator-client.key")) {
            Path file = stateDir.resolve(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        }
        assertThat(Files.readString(stateDir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        try (Stream<Path> files = Files.list(stateDir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temp files left behind")
                    .containsExactlyInAnyOrder(".ca.lock", "ca.key", "ca.crt",
                            "orchestrator-client.key", "orchestrator-client.crt");
        }
    }

    @Test
    void a_server_credential_names_its_slot_in_san_and_cn_and_is_for_server_auth_only() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        IssuedCredential credential = ca.issueServerCredential(SLOT);
        X509Certificate leaf = certificate(credential);

        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, SLOT));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + SLOT);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(ChainValidator.SERVER_AUTH);
        assertThat(leaf.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.caCertificate().getSubjectX500Principal());
        leaf.verify(ca.caCertificate().getPublicKey());
        assertThat(Certificates.isKeyPair(PemCodec.decodePrivateKey(credential.privateKeyPem(), "key"),
                leaf.getPublicKey())).isTrue();
        assertThat(credential.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(credential.notAfter()).isEqualTo(leaf.getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(364)), Instant.now().plus(Duration.ofDays(366)));
    }

    @Test
    void the_validity_of_a_server_credential_can_be_chosen() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        TestClock clock = new TestClock(now);
        CertificateAuthority.loadOrCreate(stateDir);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir, clock);
        X509Certificate leaf = certificate(ca.issueServerCredential(SLOT, Duration.ofHours(1)));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(now.minus(Certificates.BACKDATE));
    }

    @Test
    void every_issue_gets_a_fresh_key_pair_and_serial() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        IssuedCredential first = ca.issueServerCredential(SLOT);
        IssuedCredential second = ca.issueServerCredential(SLOT);
        assertThat(second.privateKeyPem()).isNotEqualTo(first.privateKeyPem());
        assertThat(certificate(second).getSerialNumber()).isNotEqualTo(certificate(first).getSerialNumber());
    }

    @Test
    void printing_a_credential_or_a_runner_environment_never_shows_the_private_key() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        RunnerTlsEnvironment env = RunnerTlsEnvironment.issue(ca, SLOT);
        String keyLine = env.serverCredential().privateKeyPem().split("\n")[1];
        assertThat(env.serverCredential().toString()).doesNotContain("BEGIN").doesNotContain(keyLine);
        assertThat(env.toString()).doesNotContain("BEGIN").doesNotContain(keyLine).contains(SLOT);
        assertThat(ca.toString()).doesNotContain("BEGIN");
    }

    @Test
    void the_runner_environment_holds_the_runners_credential_the_ca_and_the_client_name() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        RunnerTlsEnvironment env = RunnerTlsEnvironment.issue(ca, SLOT);
        assertThat(env.variables()).containsOnlyKeys("CCX_TLS_CERT", "CCX_TLS_KEY", "CCX_TLS_CA", "CCX_TLS_CLIENT_NAME")
                .containsEntry("CCX_TLS_CA", ca.caCertificatePem())
                .containsEntry("CCX_TLS_CLIENT_NAME", "ccx-orchestrator")
                .containsEntry("CCX_TLS_KEY", env.serverCredential().privateKeyPem());
        assertThat(certificate(env.serverCredential()).getSubjectX500Principal().getName()).isEqualTo("CN=" + SLOT);
        assertThat(env.variables().get("CCX_TLS_KEY")).doesNotContain(ca.caCertificatePem());
    }

    @Test
    void slot_names_that_are_not_dns_safe_are_refused() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        for (String bad : List.of("", "Alice", "ccx_alice", "-ccx", "ccx-", "a..b", "a".repeat(64), "a b")) {
            assertThatThrownBy(() -> ca.issueServerCredential(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ca.issueServerCredential(SLOT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_ca_certificate_without_its_key_is_refused_rather_than_replaced() throws Exception {
        CertificateAuthority.loadOrCreate(stateDir);
        Files.delete(stateDir.resolve("ca.key"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(stateDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.crt but no ca.key");
    }

    @Test
    void a_ca_key_left_without_its_certificate_by_an_interrupted_start_is_replaced() throws Exception {
        CertificateAuthority.loadOrCreate(stateDir);
        String firstKey = Files.readString(stateDir.resolve("ca.key"));
        Files.delete(stateDir.resolve("ca.crt"));
        CertificateAuthority.loadOrCreate(stateDir);
        assertThat(Files.readString(stateDir.resolve("ca.key"))).isNotEqualTo(firstKey);
        assertThat(stateDir.resolve("ca.crt")).exists();
    }

    @Test
    void a_ca_key_that_does_not_match_the_certificate_is_refused(@TempDir Path other) throws Exception {
        CertificateAuthority.loadOrCreate(stateDir);
        CertificateAuthority.loadOrCreate(other);
        Files.copy(other.resolve("ca.key"), stateDir.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(stateDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.key does not match ca.crt");
    }

    @Test
    void a_corrupt_ca_key_is_reported_without_its_content() throws Exception {
        CertificateAuthority.loadOrCreate(stateDir);
        String corrupt = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
        Files.writeString(stateDir.resolve("ca.key"), corrupt);
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(stateDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.key")
                .hasNoCause()
                .message().doesNotContain("c2VjcmV0");
    }

    @Test
    void many_threads_loading_a_new_state_directory_get_one_and_the_same_ca() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<String> load = () -> CertificateAuthority.loadOrCreate(stateDir).caCertificatePem();
            List<Future<String>> results = pool.invokeAll(Collections.nCopies(8, load));
            String onDisk = Files.readString(stateDir.resolve("ca.crt"));
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(onDisk);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_issues_all_succeed_with_distinct_serials() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<X509Certificate> issue = () -> certificate(ca.issueServerCredential(SLOT));
            List<X509Certificate> issued = new ArrayList<>();
            for (Future<X509Certificate> f : pool.invokeAll(Collections.nCopies(40, issue))) {
                issued.add(f.get());
            }
            assertThat(issued).extracting(X509Certificate::getSerialNumber).doesNotHaveDuplicates().hasSize(40);
            for (X509Certificate leaf : issued) {
                leaf.verify(ca.caCertificate().getPublicKey());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void issuing_a_server_credential_takes_a_few_milliseconds() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        for (int i = 0; i < 5; i++) {
            ca.issueServerCredential(SLOT);
        }
        long[] nanos = new long[21];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            ca.issueServerCredential("ccx-user-" + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        Duration median = Duration.ofNanos(nanos[nanos.length / 2]);
        System.out.printf("issueServerCredential: median %.2f ms, min %.2f ms, max %.2f ms over %d issues%n",
                median.toNanos() / 1e6, nanos[0] / 1e6, nanos[nanos.length - 1] / 1e6, nanos.length);
        assertThat(median).isLessThan(Duration.ofMillis(100));
    }
}
