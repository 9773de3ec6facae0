package dev.ccx.orchestrator.slot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.SlotBackend;
import dev.ccx.orchestrator.slot.SlotBackendContract;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.SlotState;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slot backend contract against fabric8's mock API server in CRUD mode, plus what only Kubernetes has:
 * claims kept across a stop, replicas racing, adoption by a restarted orchestrator, purges that spare others.
 */
class KubernetesSlotBackendTest extends SlotBackendContract {
    private static final String INSTANCE = "contract";
    @TempDir
    Path state;
    @AutoClose // after the contract's own @AfterEach, which purges through the cluster
    private final MockCluster cluster = new MockCluster();
    private RunnerCredentials credentials;
    private KubernetesSlotBackend backend;

    @BeforeEach
    void start() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(state);
        credentials = slot -> RunnerTlsEnvironment.issue(ca, slot).variables();
        backend = cluster.backend(INSTANCE, credentials, Map.of());
    }

    @Override
    protected SlotBackend backend() {
        return backend;
    }

    @Override
    protected String imageId() {
        return "registry.example/ccx-runner:1.0";
    }

    @Override
    protected boolean resumeKeepsRunnerId() {
        return false;
    }

    @Test
    void a_stop_deletes_the_pod_and_a_resume_runs_a_new_pod_on_the_same_claims_and_secret() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend.ensureRunning(spec);
        Map<String, String> claimUids = claimUids(spec);

        assertThat(backend.stop(spec.slotName())).isTrue();
        assertThat(pod(spec.slotName())).isNull();
        assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE)
                .withName(SlotObjects.secretName(spec.slotName())).get()).isNotNull();
        SlotInstance stopped = backend.inspect(spec.slotName()).orElseThrow();
        assertThat(stopped.state()).isEqualTo(SlotState.STOPPED);
        assertThat(stopped.configHash()).isEqualTo(spec.configHash());

        SlotInstance resumed = backend.ensureRunning(spec);
        assertThat(resumed.containerId()).isNotEqualTo(first.containerId()).isEqualTo(pod(spec.slotName())
                .getMetadata().getUid());
        assertThat(claimUids(spec)).isEqualTo(claimUids);
    }

    @Test
    void a_running_runner_is_reached_at_its_pod_ip_on_the_agent_port() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance running = backend.ensureRunning(spec);

        Pod pod = pod(spec.slotName());
        assertThat(running.host()).contains(pod.getStatus().getPodIP());
        assertThat(running.port()).isEqualTo(8443);
        assertThat(running.containerId()).isEqualTo(pod.getMetadata().getUid());
    }

    @Test
    void the_claims_are_named_from_slot_names_and_labelled_as_the_users_slot() {
        SlotSpec spec = spec("alice@example.com", Map.of());
        backend.ensureRunning(spec);

        for (VolumeKind kind : VolumeKind.values()) {
            PersistentVolumeClaim claim = claim(names.volumeName(new UserId("alice@example.com"), kind));
            assertThat(claim).as(kind.toString()).isNotNull();
            assertThat(claim.getMetadata().getLabels()).containsEntry(SlotLabels.SLOT, spec.slotName())
                    .containsEntry(SlotLabels.KIND, "volume-" + kind.suffix())
                    .containsEntry(SlotLabels.MANAGED_BY, "ccx").containsEntry(SlotLabels.INSTANCE, INSTANCE);
            assertThat(claim.getMetadata().getAnnotations()).containsEntry(SlotLabels.USER, "alice@example.com");
        }
        assertThat(claim(spec.volumes().get(VolumeKind.CLAUDE)).getSpec().getResources().getRequests().get("storage")
                .toString()).isEqualTo("1Gi");
        assertThat(claim(spec.volumes().get(VolumeKind.JOBS)).getSpec().getResources().getRequests().get("storage")
                .toString()).isEqualTo("10Gi");
    }

    @Test
    void a_purge_removes_only_the_claims_labelled_as_that_users_even_when_given_other_names() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        backend.ensureRunning(alice);
        backend.ensureRunning(bob);
        Set<String> asked = new HashSet<>(alice.volumeNames());
        asked.addAll(bob.volumeNames());

        PurgeResult purge = backend.remove(alice.slotName(), asked);

        assertThat(purge.volumesRemoved()).containsExactlyInAnyOrderElementsOf(alice.volumeNames());
        assertThat(alice.volumeNames()).allSatisfy(name -> assertThat(claim(name)).isNull());
        assertThat(bob.volumeNames()).allSatisfy(name -> assertThat(claim(name)).isNotNull());
        assertThat(pod(bob.slotName())).isNotNull();
        assertThat(cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE)
                .withName(SlotObjects.secretName(alice.slotName())).get()).isNull();
    }

    @Test
    void two_replicas_racing_to_start_the_same_slot_create_one_pod_and_both_use_it() throws Exception {
        KubernetesSlotBackend other = cluster.backend(INSTANCE, credentials, Map.of());
        SlotSpec spec = spec("alice", Map.of());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SlotInstance>> started = List.of(
                    pool.submit(() -> awaitThen(go, () -> backend.ensureRunning(spec))),
                    pool.submit(() -> awaitThen(go, () -> other.ensureRunning(spec))));
            go.countDown();
            SlotInstance a = started.get(0).get();
            SlotInstance b = started.get(1).get();

            assertThat(a.containerId()).isEqualTo(b.containerId());
            assertThat(cluster.admin().pods().inNamespace(MockCluster.NAMESPACE)
                    .withLabel(SlotLabels.SLOT, spec.slotName()).list().getItems()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_restarted_orchestrator_adopts_running_and_stopped_runners_from_their_labels() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        SlotInstance aliceBefore = backend.ensureRunning(alice);
        backend.ensureRunning(bob);
        backend.stop(bob.slotName());
        KubernetesSlotBackend restarted = cluster.backend(INSTANCE, credentials, Map.of());
        KubernetesSlotBackend otherInstance = cluster.backend("other", credentials, Map.of());

        Map<String, SlotInstance> adopted = restarted.listManaged().stream()
                .collect(Collectors.toMap(SlotInstance::slotName, i -> i));

        assertThat(adopted.keySet()).containsExactlyInAnyOrder(alice.slotName(), bob.slotName());
        assertThat(adopted.get(alice.slotName()).running()).isTrue();
        assertThat(adopted.get(alice.slotName()).user()).isEqualTo(new UserId("alice"));
        assertThat(adopted.get(bob.slotName()).running()).isFalse();
        assertThat(adopted.get(bob.slotName()).configHash()).isEqualTo(bob.configHash());
        assertThat(restarted.ensureRunning(alice).containerId()).isEqualTo(aliceBefore.containerId());
        assertThat(otherInstance.listManaged()).isEmpty();
    }

    @Test
    void a_runner_whose_agent_exited_is_reported_stopped_and_replaced_on_next_use() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend.ensureRunning(spec);
        cluster.failPod(spec.slotName());

        assertThat(backend.inspect(spec.slotName()).orElseThrow().running()).isFalse();
        SlotInstance again = backend.ensureRunning(spec);
        assertThat(again.running()).isTrue();
        assertThat(again.containerId()).isNotEqualTo(first.containerId());
    }

    @Test
    void a_pod_that_never_starts_fails_the_start_and_is_not_left_behind() {
        backend = cluster.backend(INSTANCE, credentials, Map.of("CCX_K8S_START_TIMEOUT", "500ms"));
        cluster.kubeletRunsPods = false;
        SlotSpec spec = spec("alice", Map.of());

        assertThatThrownBy(() -> backend.ensureRunning(spec)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start within");
        assertThat(pod(spec.slotName())).isNull();
        cluster.kubeletRunsPods = true;
        assertThat(backend.ensureRunning(spec).running()).isTrue();
    }

    @Test
    void the_backend_is_unhealthy_when_the_api_server_is_gone() {
        assertThat(backend.healthy()).isTrue();
        cluster.stopApiServer();
        assertThat(backend.healthy()).isFalse();
    }

    private static <T> T awaitThen(CountDownLatch go, java.util.concurrent.Callable<T> action) throws Exception {
        go.await();
        return action.call();
    }

    private Pod pod(String name) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    private PersistentVolumeClaim claim(String name) {
        return cluster.admin().persistentVolumeClaims().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    private Map<String, String> claimUids(SlotSpec spec) {
        return spec.volumeNames().stream().map(this::claim)
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getMetadata().getUid()));
    }
}
