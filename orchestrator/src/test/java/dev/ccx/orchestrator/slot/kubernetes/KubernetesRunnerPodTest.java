package dev.ccx.orchestrator.slot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner Pod as the API server receives it, for a spec built from the shipped default policy: every hardening
 * field of the Docker runner has its Kubernetes counterpart, and the TLS key stays in the Secret.
 */
class KubernetesRunnerPodTest {
    private static final String IMAGE = "registry.example/ccx-runner:1.0";
    @TempDir
    Path state;
    @AutoClose
    private final MockCluster cluster = new MockCluster();
    private RunnerCredentials credentials;
    private SlotSpec spec;

    @BeforeEach
    void specFromTheDefaultPolicy() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(state);
        credentials = slot -> RunnerTlsEnvironment.issue(ca, slot).variables();
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of("CCX_BACKEND", "kubernetes",
                "CCX_RUNNER_IMAGE", IMAGE, "CCX_RUNNER_EXTRA_HOSTS", "gateway:10.0.0.1"));
        RunnerSpecs specs = new RunnerSpecs(config, PolicyLoader.load(Optional.empty()), new SlotNames("default"),
                config::runnerImage);
        spec = specs.specFor(new UserId("alice@example.com"));
    }

    @Test
    void the_runner_runs_as_uid_10001_with_a_read_only_root_no_capabilities_and_a_seccomp_profile() {
        PodSpec pod = start(Map.of()).getSpec();
        Container agent = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(agent.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(agent.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(agent.getSecurityContext().getPrivileged()).isFalse();
        assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(agent.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(agent.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @Test
    void the_runner_has_no_service_account_token_no_host_namespaces_and_no_service_links() {
        PodSpec pod = start(Map.of()).getSpec();

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getHostNetwork()).isFalse();
        assertThat(pod.getHostPID()).isFalse();
        assertThat(pod.getHostIPC()).isFalse();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getShareProcessNamespace()).as("pause reaps zombies, as docker --init").isTrue();
        assertThat(pod.getHostAliases()).singleElement().satisfies(alias -> {
            assertThat(alias.getIp()).isEqualTo("10.0.0.1");
            assertThat(alias.getHostnames()).containsExactly("gateway");
        });
    }

    @Test
    void the_policy_limits_become_resources_and_a_memory_backed_tmp() {
        PodSpec pod = start(Map.of()).getSpec();
        Container agent = pod.getContainers().get(0);

        assertThat(agent.getResources().getLimits()).containsEntry("memory", quantity("1Gi"))
                .containsEntry("cpu", quantity("1000m"));
        assertThat(agent.getResources().getRequests()).containsEntry("memory", quantity("1Gi"))
                .containsEntry("cpu", quantity("100m"));
        Volume tmp = volume(pod, "tmp");
        assertThat(tmp.getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(quantity("256Mi"));
        Map<String, String> mounts = agent.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
        assertThat(mounts).containsExactlyInAnyOrderEntriesOf(Map.of("tmp", "/tmp",
                "claude", "/home/runner/.claude", "codex", "/home/runner/.codex", "jobs", "/jobs"));
        for (VolumeKind kind : VolumeKind.values()) {
            assertThat(volume(pod, kind.suffix()).getPersistentVolumeClaim().getClaimName())
                    .isEqualTo(spec.volumes().get(kind));
        }
        assertThat(claim(VolumeKind.JOBS).getSpec().getResources().getRequests().get("storage"))
                .as("the policy's jobs_quota").isEqualTo(quantity("2Gi"));
    }

    @Test
    void the_tls_key_reaches_the_agent_from_the_slots_secret_and_never_appears_in_the_pod() {
        Pod pod = start(Map.of());
        Map<String, EnvVar> env = pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));

        EnvVar key = env.get(RunnerTlsEnvironment.KEY);
        assertThat(key.getValue()).isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo(spec.slotName() + "-tls");
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(RunnerTlsEnvironment.KEY);
        assertThat(env.keySet()).contains(RunnerTlsEnvironment.CERT, RunnerTlsEnvironment.CA,
                RunnerTlsEnvironment.CLIENT_NAME, "CCX_ALLOWED_PROVIDERS");
        assertThat(env.get("CCX_SLOT").getValue()).isEqualTo(spec.slotName());
        assertThat(env.get("CCX_PORT").getValue()).isEqualTo("8443");
        assertThat(Serialization.asJson(pod)).doesNotContain("PRIVATE KEY");
        Secret secret = cluster.admin().secrets().inNamespace(MockCluster.NAMESPACE)
                .withName(spec.slotName() + "-tls").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get(RunnerTlsEnvironment.KEY)),
                StandardCharsets.UTF_8)).contains("PRIVATE KEY");
    }

    @Test
    void the_pod_carries_the_docker_runners_labels_and_the_user_id_as_an_annotation() {
        Pod pod = start(Map.of());
        Container agent = pod.getSpec().getContainers().get(0);

        assertThat(pod.getMetadata().getName()).isEqualTo(spec.slotName());
        assertThat(pod.getMetadata().getLabels()).containsEntry(SlotLabels.MANAGED_BY, "ccx")
                .containsEntry(SlotLabels.INSTANCE, "default").containsEntry(SlotLabels.SLOT, spec.slotName())
                .containsEntry(SlotLabels.KIND, "runner").containsEntry(SlotLabels.CONFIG_HASH, spec.configHash());
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(SlotLabels.USER, "alice@example.com")
                .containsEntry(SlotLabels.IMAGE, IMAGE);
        assertThat(agent.getImage()).isEqualTo(IMAGE);
        assertThat(agent.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(agent.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("agent");
            assertThat(port.getContainerPort()).isEqualTo(8443);
        });
    }

    @Test
    void a_node_seccomp_profile_storage_and_scheduling_requests_come_from_the_settings() {
        PodSpec pod = start(Map.of("CCX_K8S_SECCOMP_PROFILE", "localhost/ccx/seccomp-runner.json",
                "CCX_K8S_MEMORY_REQUEST", "256Mi", "CCX_K8S_CPU_REQUEST", "2", "CCX_K8S_STORAGE_CLASS", "fast-ssd",
                "CCX_K8S_PVC_SIZE", "5Gi", "CCX_K8S_JOBS_PVC_SIZE", "20g")).getSpec();
        Container agent = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(pod.getSecurityContext().getSeccompProfile().getLocalhostProfile())
                .isEqualTo("ccx/seccomp-runner.json");
        assertThat(agent.getResources().getRequests()).containsEntry("memory", quantity("256Mi"))
                .as("a request above the limit is capped at it").containsEntry("cpu", quantity("1000m"));
        assertThat(claim(VolumeKind.CODEX).getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim(VolumeKind.CODEX).getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(quantity("5Gi"));
        assertThat(claim(VolumeKind.JOBS).getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(quantity("20Gi"));
    }

    private Pod start(Map<String, String> settings) {
        KubernetesSlotBackend backend = cluster.backend("default", credentials, settings);
        backend.ensureRunning(spec);
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(spec.slotName()).get();
    }

    private PersistentVolumeClaim claim(VolumeKind kind) {
        return cluster.admin().persistentVolumeClaims().inNamespace(MockCluster.NAMESPACE)
                .withName(spec.volumes().get(kind)).get();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static io.fabric8.kubernetes.api.model.Quantity quantity(String value) {
        return new io.fabric8.kubernetes.api.model.Quantity(value);
    }
}
