package dev.ccx.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.tls.ServerTls;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's RunnerTlsContexts against the runner agent's ServerTls, over real sockets. */
class RunnerTlsEndToEndTest {

    private static final String ALICE = "ccx-alice-1a2b3c";
    private static final String BOB = "ccx-bob-4d5e6f";

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

    private static RunnerStub runnerFor(String slot) throws IOException {
        return new RunnerStub(ServerTls.fromEnvironment(RunnerTlsEnvironment.issue(ca, slot).variables()));
    }

    /** A client that trusts alice's runner but presents {@code keyManager}'s credential (or none). */
    private static SSLContext clientPresenting(ClientKeyManager keyManager) {
        return RunnerTlsContexts.build(keyManager, new SlotServerTrustManager(ca.caCertificate(), ALICE));
    }

    @Test
    void the_orchestrator_reaches_by_ip_the_runner_whose_certificate_names_the_expected_slot() throws Exception {
        try (RunnerStub runner = runnerFor(ALICE)) {
            HttpResponse<String> response = runner.get(new RunnerTlsContexts(ca).forSlot(ALICE));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("CN=ccx-orchestrator");
        }
        assertThat(System.getProperty("jdk.internal.httpclient.disableHostnameVerification")).isNull();
    }

    @Test
    void one_context_serves_many_requests_to_its_runner() throws Exception {
        SSLContext alice = new RunnerTlsContexts(ca).forSlot(ALICE);
        try (RunnerStub runner = runnerFor(ALICE)) {
            for (int i = 0; i < 3; i++) {
                assertThat(runner.get(alice).statusCode()).isEqualTo(200);
            }
            assertThat(runner.handled).hasValue(3);
        }
    }

    @Test
    void the_orchestrator_refuses_a_runner_whose_certificate_names_another_slot() throws Exception {
        try (RunnerStub bobsRunner = runnerFor(BOB)) {
            assertThatThrownBy(() -> bobsRunner.get(new RunnerTlsContexts(ca).forSlot(ALICE)))
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("runner certificate names [" + BOB + "], expected slot " + ALICE);
            assertThat(bobsRunner.handled).hasValue(0);
        }
    }

    @Test
    void the_orchestrator_refuses_a_runner_certificate_from_another_ca() throws Exception {
        IssuedCredential foreign = otherCa.issueServerCredential(ALICE);
        ServerTls tls = ServerTls.fromPem(foreign.certificatePem(), foreign.privateKeyPem(), ca.caCertificatePem());
        try (RunnerStub impostor = new RunnerStub(tls)) {
            assertThatThrownBy(() -> impostor.get(new RunnerTlsContexts(ca).forSlot(ALICE)))
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("is not valid under the internal CA");
            assertThat(impostor.handled).hasValue(0);
        }
    }

    @Test
    void the_runner_admits_the_orchestrator_credential_through_the_same_test_client() throws Exception {
        try (RunnerStub runner = runnerFor(ALICE)) {
            ClientKeyManager orchestrator = new ClientKeyManager(ca::orchestratorClientCredential);
            assertThat(runner.get(clientPresenting(orchestrator)).body()).isEqualTo("CN=ccx-orchestrator");
        }
    }

    @Test
    void the_runner_refuses_a_client_without_a_certificate() throws Exception {
        try (RunnerStub runner = runnerFor(ALICE)) {
            assertThatThrownBy(() -> runner.get(clientPresenting(null))).isInstanceOf(IOException.class);
            assertThat(runner.handled).hasValue(0);
        }
    }

    @Test
    void the_runner_refuses_a_client_certificate_from_another_ca() throws Exception {
        try (RunnerStub runner = runnerFor(ALICE)) {
            ClientKeyManager foreign = new ClientKeyManager(otherCa::orchestratorClientCredential);
            assertThatThrownBy(() -> runner.get(clientPresenting(foreign))).isInstanceOf(IOException.class);
            assertThat(runner.handled).hasValue(0);
        }
    }

    @Test
    void the_runner_refuses_a_client_presenting_another_runners_server_certificate() throws Exception {
        IssuedCredential bobsServerCredential = ca.issueServerCredential(BOB);
        try (RunnerStub runner = runnerFor(ALICE)) {
            ClientKeyManager stolen = new ClientKeyManager(() -> bobsServerCredential);
            assertThatThrownBy(() -> runner.get(clientPresenting(stolen))).isInstanceOf(IOException.class);
            assertThat(runner.handled).hasValue(0);
        }
    }

    @Test
    void the_runner_refuses_a_server_certificate_named_like_the_orchestrator() throws Exception {
        IssuedCredential serverNamedOrchestrator =
                ca.issueServerCredential(CertificateAuthority.ORCHESTRATOR_CLIENT_NAME);
        try (RunnerStub runner = runnerFor(ALICE)) {
            ClientKeyManager wrongUsage = new ClientKeyManager(() -> serverNamedOrchestrator);
            assertThatThrownBy(() -> runner.get(clientPresenting(wrongUsage))).isInstanceOf(IOException.class);
            assertThat(runner.handled).hasValue(0);
        }
    }

    @Test
    void the_runner_refuses_a_client_certificate_with_another_name_from_the_same_ca() throws Exception {
        IssuedCredential intruder = ca.issue(LeafSpec.client("ccx-intruder", Duration.ofDays(1)));
        try (RunnerStub runner = runnerFor(ALICE)) {
            assertThatThrownBy(() -> runner.get(clientPresenting(new ClientKeyManager(() -> intruder))))
                    .isInstanceOf(IOException.class);
            assertThat(runner.handled).hasValue(0);
        }
    }
}
