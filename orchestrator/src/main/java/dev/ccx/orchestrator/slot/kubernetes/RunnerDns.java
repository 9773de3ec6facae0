package dev.ccx.orchestrator.slot.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * Where runners may send DNS queries (UDP and TCP 53) inside the cluster: the cluster DNS Pods, found by their
 * namespace and labels, and resolver addresses outside any Pod (a node-local cache on a link-local address), so
 * port 53 is not open to every internal address.
 *
 * @param namespace the namespace of the DNS Pods (matched by its {@code kubernetes.io/metadata.name} label)
 * @param podSelector labels of the DNS Pods
 * @param cidrs further resolver networks, e.g. NodeLocal DNSCache's {@code 169.254.20.10/32}
 */
public record RunnerDns(String namespace, Map<String, String> podSelector, List<Cidr> cidrs) {
    public static final String DEFAULT_NAMESPACE = "kube-system";
    public static final Map<String, String> DEFAULT_POD_SELECTOR = Map.of("k8s-app", "kube-dns");

    public RunnerDns {
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("the DNS namespace must be named");
        }
        if (podSelector.isEmpty()) {
            throw new IllegalArgumentException("the DNS pod selector needs at least one label");
        }
        podSelector = Map.copyOf(podSelector);
        cidrs = List.copyOf(cidrs);
    }
}
