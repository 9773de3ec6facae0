package dev.ccx.orchestrator.slot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.RunnerLimits;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.RunnerNetwork;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy around runners: only the orchestrator reaches an agent, and a runner reaches DNS and the
 * internet but none of the cluster's internal ranges, so neither another runner nor a cluster service.
 */
class KubernetesNetworkPolicyTest {
    private static final RunnerCredentials NO_TLS = slot -> Map.of("CCX_TLS_KEY", "test-only");
    @AutoClose
    private final MockCluster cluster = new MockCluster();

    @Test
    void runners_accept_connections_only_from_orchestrator_pods_and_only_on_the_agent_port() {
        NetworkPolicy policy = prepared("default", Map.of());

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SlotLabels.MANAGED_BY, "ccx", SlotLabels.INSTANCE, "default", SlotLabels.KIND, "runner"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        NetworkPolicyIngressRule ingress = policy.getSpec().getIngress().get(0);
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        NetworkPolicyPeer from = ingress.getFrom().get(0);
        assertThat(ingress.getFrom()).hasSize(1);
        assertThat(from.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app", "ccx-orchestrator"));
        assertThat(from.getNamespaceSelector()).isNull();
        assertThat(from.getIpBlock()).isNull();
        assertThat(ingress.getPorts()).extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TCP", new IntOrString(8443)));
    }

    @Test
    void runners_reach_the_cluster_dns_and_the_internet_but_not_the_private_link_local_or_cgnat_ranges() {
        List<NetworkPolicyEgressRule> egress = prepared("default", Map.of()).getSpec().getEgress();

        assertThat(egress).hasSize(2);
        assertThat(egress.get(0).getPorts()).extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("UDP", 53),
                        org.assertj.core.groups.Tuple.tuple("TCP", 53));
        assertThat(egress.get(1).getPorts()).isNullOrEmpty();
        IPBlock internet = egress.get(1).getTo().get(0).getIpBlock();
        assertThat(egress.get(1).getTo()).hasSize(1);
        assertThat(internet.getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(internet.getExcept()).containsExactlyInAnyOrder("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16");
    }

    @Test
    void dns_port_53_is_open_only_to_the_kube_dns_pods_of_kube_system_not_to_any_address() {
        NetworkPolicyEgressRule dns = prepared("default", Map.of()).getSpec().getEgress().get(0);

        assertThat(dns.getTo()).as("no peers would mean port 53 to every address").hasSize(1);
        NetworkPolicyPeer kubeDns = dns.getTo().get(0);
        assertThat(kubeDns.getIpBlock()).isNull();
        assertThat(kubeDns.getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
        assertThat(kubeDns.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(kubeDns.getPodSelector().getMatchLabels()).as("in the same peer: both must match")
                .containsExactly(Map.entry("k8s-app", "kube-dns"));
    }

    @Test
    void a_cluster_with_other_dns_names_its_namespace_pod_labels_and_node_local_resolvers() {
        prepared("default", Map.of());
        NetworkPolicy policy = prepared("default", Map.of("CCX_K8S_DNS_NAMESPACE", "dns-system",
                "CCX_K8S_DNS_POD_SELECTOR", "app.kubernetes.io/name=coredns", "CCX_K8S_DNS_CIDRS",
                "169.254.20.10/32,fd00:53::/64"));

        List<NetworkPolicyPeer> peers = policy.getSpec().getEgress().get(0).getTo();
        assertThat(peers).hasSize(3);
        assertThat(peers.get(0).getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "dns-system"));
        assertThat(peers.get(0).getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("app.kubernetes.io/name", "coredns"));
        List<IPBlock> resolvers = peers.subList(1, 3).stream().map(NetworkPolicyPeer::getIpBlock).toList();
        assertThat(resolvers).extracting(IPBlock::getCidr).containsExactly("169.254.20.10/32", "fd00:53::/64");
        assertThat(resolvers).allSatisfy(block -> assertThat(block.getExcept()).isNullOrEmpty());
        assertThat(policy.getSpec().getEgress().get(0).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsOnly(53);
    }

    @Test
    void configured_cidrs_and_selector_replace_the_defaults_and_update_an_existing_policy() {
        prepared("default", Map.of());
        NetworkPolicy policy = prepared("default", Map.of("CCX_K8S_BLOCKED_CIDRS", "10.96.0.0/12,fd00::/8",
                "CCX_K8S_ORCHESTRATOR_SELECTOR", "app.kubernetes.io/name=ccx,tier=control"));

        List<IPBlock> blocks = policy.getSpec().getEgress().get(1).getTo().stream()
                .map(NetworkPolicyPeer::getIpBlock).toList();
        assertThat(blocks).extracting(IPBlock::getCidr, IPBlock::getExcept).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0.0.0.0/0", List.of("10.96.0.0/12")),
                org.assertj.core.groups.Tuple.tuple("::/0", List.of("fd00::/8")));
        assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "ccx", "tier", "control"));
        assertThat(cluster.admin().network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE).list()
                .getItems()).hasSize(1);
    }

    @Test
    void the_first_runner_puts_the_policy_in_place_even_without_a_prepare_at_start() {
        KubernetesSlotBackend backend = cluster.backend("eu", NO_TLS, Map.of());
        backend.ensureRunning(spec());

        NetworkPolicy policy = policy("ccx-eu-runners");
        assertThat(policy).isNotNull();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry(SlotLabels.INSTANCE, "eu");
    }

    private NetworkPolicy prepared(String instance, Map<String, String> env) {
        cluster.backend(instance, NO_TLS, env).prepare();
        return policy(RunnerNetworkPolicy.name(instance));
    }

    private NetworkPolicy policy(String name) {
        return cluster.admin().network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE).withName(name).get();
    }

    private static SlotSpec spec() {
        SlotNames names = new SlotNames("eu");
        UserId user = new UserId("alice");
        Map<VolumeKind, String> volumes = new EnumMap<>(VolumeKind.class);
        for (VolumeKind kind : VolumeKind.values()) {
            volumes.put(kind, names.volumeName(user, kind));
        }
        return new SlotSpec(user, names.slotName(user), "ccx-runner:1", "ccx-runner:1", volumes, Map.of(),
                new RunnerLimits(512L << 20, 0.5, 128, 64L << 20, Optional.empty()),
                RunnerNetwork.dedicatedTo(names.slotName(user)), List.of(), Optional.empty(), 8443);
    }
}
