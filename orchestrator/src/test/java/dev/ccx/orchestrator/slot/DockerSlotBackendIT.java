package dev.ccx.orchestrator.slot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.it.DockerSupport;
import dev.ccx.orchestrator.it.Images;
import dev.ccx.orchestrator.slot.docker.DockerSlotBackend;
import dev.ccx.orchestrator.slot.docker.RunnerImage;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot backend contract against real Docker and the real runner image. */
class DockerSlotBackendIT extends SlotBackendContract {
    @TempDir
    static Path state;
    private static DockerSlotBackend backend;
    private static String imageId;

    @BeforeAll
    static void start() {
        String image = Images.runner();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(state);
        backend = new DockerSlotBackend(DockerSupport.docker(), "contract",
                slot -> RunnerTlsEnvironment.issue(ca, slot).variables(), java.util.Optional.empty(),
                new dev.ccx.orchestrator.slot.docker.SubnetPool("10.201.0.0/16", 28));
        imageId = new RunnerImage(DockerSupport.docker(), image).get();
    }

    /** The contract's shared runner network is the one thing the backend creates and no purge removes. */
    @AfterAll
    static void removeNetwork() {
        DockerSupport.docker().listNetworksCmd().withNameFilter("ccx-contract").exec().stream()
                .filter(n -> n.getName().equals("ccx-contract"))
                .forEach(n -> DockerSupport.docker().removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void a_runner_starts_with_two_cpus_and_settles_at_the_policy_limit_before_serving() {
        SlotSpec spec = spec("alice", Map.of()); // the contract's policy: 0.5 CPUs
        int hostCpus = DockerSupport.docker().infoCmd().exec().getNCPU();
        long startup = Math.round(Math.min(2.0, hostCpus) * 1_000_000_000L);

        backend.ensureRunning(spec);
        assertThat(nanoCpus(spec)).as("created with the start-up CPUs").isEqualTo(startup);
        backend.settle(spec);
        assertThat(nanoCpus(spec)).as("the policy's limit").isEqualTo(500_000_000L);

        backend.stop(spec.slotName());
        backend.ensureRunning(spec);
        assertThat(nanoCpus(spec)).as("started again with the start-up CPUs").isEqualTo(startup);
        backend.settle(spec);
        assertThat(nanoCpus(spec)).isEqualTo(500_000_000L);
    }

    private static long nanoCpus(SlotSpec spec) {
        return DockerSupport.docker().inspectContainerCmd(spec.slotName()).exec().getHostConfig().getNanoCPUs();
    }

    @Override
    protected SlotBackend backend() {
        return backend;
    }

    @Override
    protected String imageId() {
        return imageId;
    }
}
