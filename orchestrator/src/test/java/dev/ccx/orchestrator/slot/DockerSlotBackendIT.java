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
    void a_runner_starts_with_two_cpus_and_settles_at_the_policy_limit_once_it_answers() {
        SlotSpec spec = spec("alice", Map.of()); // the contract's policy: 0.5 CPUs
        long startup = startupNanoCpus();

        SlotInstance first = backend.ensureRunning(spec);
        assertThat(nanoCpus(spec)).as("created with the start-up CPUs").isEqualTo(startup);
        backend.settle(spec, first);
        awaitNanoCpus(spec, 500_000_000L);

        backend.stop(spec.slotName());
        SlotInstance again = backend.ensureRunning(spec);
        assertThat(nanoCpus(spec)).as("started again with the start-up CPUs").isEqualTo(startup);
        backend.settle(spec, again);
        awaitNanoCpus(spec, 500_000_000L);
        assertThat(backend.inspect(spec.slotName()).orElseThrow().running()).isTrue();
    }

    @Test
    void a_late_settle_of_a_replaced_runner_leaves_its_successor_alone() throws InterruptedException {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance replaced = backend.ensureRunning(spec);
        SlotSpec changed = spec("alice", Map.of("CCX_CONTRACT_MARK", "late-settle"));
        SlotInstance successor = backend.ensureRunning(changed);
        assertThat(successor.containerId()).isNotEqualTo(replaced.containerId());

        backend.settle(changed, replaced); // Docker no longer knows that runner: the update and the stop fail
        Thread.sleep(1000);
        assertThat(nanoCpus(changed)).as("the successor keeps its start-up CPUs").isEqualTo(startupNanoCpus());
        assertThat(backend.inspect(changed.slotName()).orElseThrow().running()).as("and keeps running").isTrue();
    }

    private static long startupNanoCpus() {
        int hostCpus = DockerSupport.docker().infoCmd().exec().getNCPU();
        return Math.round(Math.min(2.0, hostCpus) * 1_000_000_000L);
    }

    private static long nanoCpus(SlotSpec spec) {
        return DockerSupport.docker().inspectContainerCmd(spec.slotName()).exec().getHostConfig().getNanoCPUs();
    }

    /** The limit is set in the background, beside the runner's first request. */
    private static void awaitNanoCpus(SlotSpec spec, long expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (nanoCpus(spec) != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(nanoCpus(spec)).as("the policy's limit").isEqualTo(expected);
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
