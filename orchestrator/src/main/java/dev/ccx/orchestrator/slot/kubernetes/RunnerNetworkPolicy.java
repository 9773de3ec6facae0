package dev.ccx.orchestrator.slot.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one NetworkPolicy that isolates every runner of this instance in its namespace. Ingress: only pods matching
 * the orchestrator selector, only on the agent port, so runners cannot reach one another. Egress: DNS (port 53)
 * to the cluster DNS Pods only ({@code k8s-app=kube-dns} in {@code kube-system} by default) and to any configured
 * resolver networks (a node-local cache), and every address except the blocked CIDRs, which default to the
 * private, carrier-grade-NAT and link-local ranges: pods, services, nodes and cloud metadata endpoints stay out
 * of reach, the internet does not.
 */
final class RunnerNetworkPolicy {
    private static final String ANY_V4 = "0.0.0.0/0";
    private static final String ANY_V6 = "::/0";
    /** Set by Kubernetes (1.21+) on every namespace: how a namespace is selected by name. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private RunnerNetworkPolicy() {}

    static String name(String instance) {
        return "default".equals(instance) ? "ccx-runners" : "ccx-" + instance + "-runners";
    }

    static NetworkPolicy build(SlotObjects objects, KubernetesSettings settings, int agentPort) {
        return new NetworkPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name(objects.instance()))
                        .withNamespace(settings.namespace())
                        .withLabels(objects.selector(SlotObjects.KIND_POLICY)).build())
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(objects.selector(SlotObjects.KIND_RUNNER)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .addNewFrom().withNewPodSelector().withMatchLabels(settings.orchestratorSelector()).endPodSelector()
                .endFrom()
                .withPorts(port("TCP", agentPort))
                .endIngress()
                .withEgress(dns(settings.dns()), internet(settings.blockedCidrs()))
                .endSpec()
                .build();
    }

    /** Port 53 to the DNS Pods (namespace and pod selector in one peer: both must match) and the resolver CIDRs. */
    private static NetworkPolicyEgressRule dns(RunnerDns dns) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        peers.add(new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector().withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, dns.namespace()))
                .endNamespaceSelector()
                .withNewPodSelector().withMatchLabels(dns.podSelector()).endPodSelector()
                .build());
        dns.cidrs().forEach(cidr -> peers.add(ipBlock(cidr.text(), List.of())));
        return new NetworkPolicyEgressRuleBuilder().withTo(peers).withPorts(port("UDP", 53), port("TCP", 53)).build();
    }

    private static NetworkPolicyEgressRule internet(List<Cidr> blocked) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        peers.add(ipBlock(ANY_V4, blocked.stream().filter(c -> !c.ipv6()).map(Cidr::text).toList()));
        List<String> v6 = blocked.stream().filter(Cidr::ipv6).map(Cidr::text).toList();
        if (!v6.isEmpty()) {
            peers.add(ipBlock(ANY_V6, v6));
        }
        return new NetworkPolicyEgressRuleBuilder().withTo(peers).build();
    }

    private static NetworkPolicyPeer ipBlock(String cidr, List<String> except) {
        return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr)
                .withExcept(except.isEmpty() ? null : except).endIpBlock().build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
