package dev.ccx.orchestrator.slot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.config.ConfigException;
import dev.ccx.orchestrator.config.EnvReader;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code CCX_BACKEND} and {@code CCX_K8S_*} settings: defaults, units, and every mistake reported at once. */
class KubernetesSettingsTest {
    @TempDir
    Path dir;

    @Test
    void docker_stays_the_default_backend_and_kubernetes_defaults_need_no_variable() {
        OrchestratorConfig config = OrchestratorConfig.fromEnv(Map.of());
        KubernetesSettings k8s = read(Map.of(), dir.resolve("absent"));

        assertThat(config.backend()).isEqualTo("docker");
        assertThat(k8s.namespace()).isEqualTo("ccx");
        assertThat(k8s.storageClass()).isEmpty();
        assertThat(k8s.claimBytes()).isEqualTo(1L << 30);
        assertThat(k8s.jobsClaimBytes()).isEmpty();
        assertThat(k8s.orchestratorSelector()).containsExactly(Map.entry("app", "ccx-orchestrator"));
        assertThat(k8s.seccompLocalhostProfile()).as("RuntimeDefault").isEmpty();
        assertThat(k8s.blockedCidrs()).extracting(Cidr::text).containsExactly("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16");
        assertThat(k8s.dns()).isEqualTo(new RunnerDns("kube-system", Map.of("k8s-app", "kube-dns"),
                java.util.List.of()));
        assertThat(k8s.memoryRequestBytes()).isEmpty();
        assertThat(k8s.cpuRequestMillis()).isEqualTo(100);
        assertThat(k8s.startTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(k8s.kubeconfig()).as("service account, else the usual kubeconfig lookup").isEmpty();
    }

    @Test
    void a_kubeconfig_file_may_be_named_and_must_be_readable() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");

        assertThat(read(Map.of("CCX_K8S_KUBECONFIG", file.toString()), dir).kubeconfig()).contains(file);
        EnvReader reader = new EnvReader(Map.of("CCX_K8S_KUBECONFIG", dir.resolve("missing").toString()));
        KubernetesSettings.read(reader, dir);
        assertThat(reader.errors()).containsExactly("CCX_K8S_KUBECONFIG: cannot read " + dir.resolve("missing"));
    }

    @Test
    void in_a_cluster_the_namespace_defaults_to_the_orchestrators_own() throws Exception {
        Path file = Files.writeString(dir.resolve("namespace"), "ccx-prod\n");

        assertThat(read(Map.of(), file).namespace()).isEqualTo("ccx-prod");
        assertThat(read(Map.of("CCX_K8S_NAMESPACE", "runners"), file).namespace()).isEqualTo("runners");
    }

    @Test
    void sizes_and_cpu_are_read_in_kubernetes_or_ccx_units() {
        KubernetesSettings k8s = read(Map.of("CCX_K8S_PVC_SIZE", "2Gi", "CCX_K8S_JOBS_PVC_SIZE", "500m",
                "CCX_K8S_MEMORY_REQUEST", "128Mi", "CCX_K8S_CPU_REQUEST", "0.25", "CCX_K8S_STORAGE_CLASS", "gp3",
                "CCX_K8S_SECCOMP_PROFILE", "localhost/ccx/seccomp-runner.json", "CCX_K8S_START_TIMEOUT", "45s"),
                dir.resolve("absent"));

        assertThat(k8s.claimBytes()).isEqualTo(2L << 30);
        assertThat(k8s.jobsClaimBytes()).contains(500L << 20);
        assertThat(k8s.memoryRequestBytes()).contains(128L << 20);
        assertThat(k8s.cpuRequestMillis()).isEqualTo(250);
        assertThat(k8s.storageClass()).contains("gp3");
        assertThat(k8s.seccompLocalhostProfile()).contains("ccx/seccomp-runner.json");
        assertThat(k8s.startTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(read(Map.of("CCX_K8S_CPU_REQUEST", "250m"), dir).cpuRequestMillis()).isEqualTo(250);
    }

    @Test
    void every_bad_kubernetes_variable_is_reported_at_once_with_the_rest() {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_BACKEND", "nomad");
        env.put("CCX_K8S_NAMESPACE", "Prod_NS");
        env.put("CCX_K8S_STORAGE_CLASS", "Fast SSD");
        env.put("CCX_K8S_PVC_SIZE", "lots");
        env.put("CCX_K8S_JOBS_PVC_SIZE", "1k");
        env.put("CCX_K8S_ORCHESTRATOR_SELECTOR", "app=");
        env.put("CCX_K8S_SECCOMP_PROFILE", "Unconfined");
        env.put("CCX_K8S_BLOCKED_CIDRS", "10.1.2.3/8");
        env.put("CCX_K8S_DNS_NAMESPACE", "Kube_System");
        env.put("CCX_K8S_DNS_POD_SELECTOR", "k8s-app");
        env.put("CCX_K8S_DNS_CIDRS", "169.254.20.10");
        env.put("CCX_K8S_KUBECONFIG", dir.resolve("missing").toString());
        env.put("CCX_K8S_MEMORY_REQUEST", "-1");
        env.put("CCX_K8S_CPU_REQUEST", "fast");
        env.put("CCX_K8S_START_TIMEOUT", "0s");
        env.put("CCX_PORT", "http");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(env));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactlyInAnyOrder(
                "CCX_BACKEND", "CCX_K8S_NAMESPACE", "CCX_K8S_STORAGE_CLASS", "CCX_K8S_PVC_SIZE",
                "CCX_K8S_JOBS_PVC_SIZE", "CCX_K8S_ORCHESTRATOR_SELECTOR", "CCX_K8S_SECCOMP_PROFILE",
                "CCX_K8S_BLOCKED_CIDRS", "CCX_K8S_DNS_NAMESPACE", "CCX_K8S_DNS_POD_SELECTOR", "CCX_K8S_DNS_CIDRS",
                "CCX_K8S_KUBECONFIG",
                "CCX_K8S_MEMORY_REQUEST", "CCX_K8S_CPU_REQUEST", "CCX_K8S_START_TIMEOUT",
                "CCX_PORT");
    }

    @Test
    void host_gateway_aliases_are_refused_only_on_kubernetes_where_pods_need_literal_addresses() {
        Map<String, String> hosts = Map.of("CCX_RUNNER_EXTRA_HOSTS", "gw:host-gateway,model:10.0.0.7,v6:fd00::7");

        assertThat(OrchestratorConfig.fromEnv(hosts).runnerExtraHosts()).hasSize(3);
        Map<String, String> k8s = new HashMap<>(hosts);
        k8s.put("CCX_BACKEND", "kubernetes");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> OrchestratorConfig.fromEnv(k8s));
        assertThat(e.problems()).containsExactly(
                "CCX_RUNNER_EXTRA_HOSTS: the kubernetes backend needs name:ip with a literal IP, got gw:host-gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0", "10.0.0.0/0", "10.0.0.0/33", "example.com/8",
            "::ffff:10.0.0.0/104", "fd00::1/8", "10.0.0.0/x"})
    void a_cidr_must_be_a_literal_network_address_with_a_real_prefix(String raw) {
        assertThatThrownBy(() -> Cidr.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_selector_must_not_be_empty_since_an_empty_one_would_let_every_pod_in() {
        assertThatThrownBy(() -> new KubernetesSettings("ccx", Optional.empty(), 1L << 30, Optional.empty(),
                Map.of(), Optional.empty(), java.util.List.of(),
                new RunnerDns("kube-system", Map.of("k8s-app", "kube-dns"), java.util.List.of()), Optional.empty(),
                100, Duration.ofMinutes(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KubernetesSettings read(Map<String, String> env, Path namespaceFile) {
        EnvReader reader = new EnvReader(env);
        KubernetesSettings settings = KubernetesSettings.read(reader, namespaceFile);
        assertThat(reader.errors()).isEmpty();
        return settings;
    }
}
