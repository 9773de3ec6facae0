package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.config.EnvReader;
import dev.ccx.orchestrator.config.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of the Kubernetes slot backend ({@code CCX_K8S_*}): where runners live, how big their claims are,
 * which pods may reach them, which seccomp profile they run under, which networks they may not reach and where
 * they may ask DNS.
 *
 * @param namespace where runner Pods, claims, Secrets and the NetworkPolicy live
 * @param storageClass the claims' storage class; empty: the cluster default
 * @param claimBytes size of the Claude and Codex home claims
 * @param jobsClaimBytes size of the jobs claim; empty: the policy's {@code jobs_quota}, else 10 GiB
 * @param orchestratorSelector labels of the orchestrator's pods, the only ones allowed to reach a runner
 * @param seccompLocalhostProfile a profile installed on the nodes (path below the kubelet's seccomp directory);
 *                                empty: the container runtime's default profile
 * @param blockedCidrs networks runners may not reach (cluster pods and services, link-local metadata)
 * @param dns where runners may send DNS queries inside the cluster (the cluster DNS Pods, node-local caches)
 * @param memoryRequestBytes the memory each runner requests for scheduling; empty: its memory limit
 * @param cpuRequestMillis the CPU each runner requests for scheduling, in millicores (capped at its limit)
 * @param startTimeout how long a new Pod may take to be scheduled, pull its image and run
 * @param kubeconfig the kubeconfig file to reach the API server with; empty: the Pod's service account in a
 *                   cluster, else fabric8's usual lookup ({@code $KUBECONFIG}, {@code ~/.kube/config})
 */
public record KubernetesSettings(String namespace, Optional<String> storageClass, long claimBytes,
                                 Optional<Long> jobsClaimBytes, Map<String, String> orchestratorSelector,
                                 Optional<String> seccompLocalhostProfile, List<Cidr> blockedCidrs, RunnerDns dns,
                                 Optional<Long> memoryRequestBytes, int cpuRequestMillis, Duration startTimeout,
                                 Optional<Path> kubeconfig) {
    /** Where a Pod's service account tells it its namespace (absent outside a cluster). */
    public static final Path IN_CLUSTER_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    public static final String DEFAULT_BLOCKED_CIDRS =
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PROFILE_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern CPU = Pattern.compile("(\\d+)m|\\d+(\\.\\d{1,3})?");
    private static final long MIN_CLAIM_BYTES = 1L << 20;

    public KubernetesSettings {
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not a namespace name: " + namespace);
        }
        if (orchestratorSelector.isEmpty()) {
            throw new IllegalArgumentException("the orchestrator selector needs at least one label");
        }
        orchestratorSelector = Map.copyOf(orchestratorSelector);
        blockedCidrs = List.copyOf(blockedCidrs);
    }

    /** Reads every {@code CCX_K8S_*} variable, reporting problems through {@code r} (all at once). */
    public static KubernetesSettings read(EnvReader r, Path namespaceFile) {
        String namespace = r.optional("CCX_K8S_NAMESPACE").orElseGet(() -> inClusterNamespace(namespaceFile));
        if (!DNS_LABEL.matcher(namespace).matches()) {
            r.error("CCX_K8S_NAMESPACE: not a namespace name (lowercase letters, digits, dashes; at most 63)");
            namespace = "ccx";
        }
        Optional<String> storageClass = r.optional("CCX_K8S_STORAGE_CLASS");
        if (storageClass.isPresent() && !DNS_SUBDOMAIN.matcher(storageClass.get()).matches()) {
            r.error("CCX_K8S_STORAGE_CLASS: not a storage class name");
            storageClass = Optional.empty();
        }
        return new KubernetesSettings(namespace, storageClass,
                size(r, "CCX_K8S_PVC_SIZE").orElse(1L << 30), size(r, "CCX_K8S_JOBS_PVC_SIZE"),
                labels(r, "CCX_K8S_ORCHESTRATOR_SELECTOR", Map.of("app", "ccx-orchestrator")), seccomp(r),
                cidrs(r, "CCX_K8S_BLOCKED_CIDRS", List.of(DEFAULT_BLOCKED_CIDRS.split(","))), dns(r),
                size(r, "CCX_K8S_MEMORY_REQUEST"), cpu(r),
                r.positiveDuration("CCX_K8S_START_TIMEOUT", Duration.ofMinutes(2)), kubeconfig(r));
    }

    /** Pod {@code hostAliases} need addresses: {@code name:host-gateway} and other names are refused. */
    public static void checkExtraHosts(EnvReader r, List<String> extraHosts) {
        for (String entry : extraHosts) {
            int colon = entry.indexOf(':');
            String ip = colon < 0 ? "" : entry.substring(colon + 1);
            try {
                Cidr.parse(ip + (ip.contains(":") ? "/128" : "/32"));
            } catch (IllegalArgumentException e) {
                r.error("CCX_RUNNER_EXTRA_HOSTS: the kubernetes backend needs name:ip with a literal IP, got " + entry);
            }
        }
    }

    private static String inClusterNamespace(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file).trim() : "ccx";
        } catch (IOException e) {
            return "ccx";
        }
    }

    private static Optional<Long> size(EnvReader r, String name) {
        Optional<String> raw = r.optional(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String value = raw.get();
        String bytes = value.matches("(?i).*[kmgt]i") ? value + "B" : value; // accept Kubernetes' 1Gi as well
        try {
            long parsed = Sizes.parse(bytes);
            if (parsed < MIN_CLAIM_BYTES) {
                r.error(name + ": must be at least 1Mi");
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            r.error(name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Comma-separated {@code key=value} labels in variable {@code name}; {@code defaults} when none are given. */
    private static Map<String, String> labels(EnvReader r, String name, Map<String, String> defaults) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : r.list(name)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!labelKey(key) || !LABEL_NAME.matcher(value).matches()) {
                r.error(name + ": use comma-separated key=value labels, got " + pair);
            } else {
                labels.put(key, value);
            }
        }
        return labels.isEmpty() ? defaults : labels;
    }

    private static Optional<Path> kubeconfig(EnvReader r) {
        Optional<Path> file = r.optional("CCX_K8S_KUBECONFIG").map(Path::of);
        if (file.isPresent() && !(Files.isRegularFile(file.get()) && Files.isReadable(file.get()))) {
            r.error("CCX_K8S_KUBECONFIG: cannot read " + file.get());
            return Optional.empty();
        }
        return file;
    }

    private static RunnerDns dns(EnvReader r) {
        String namespace = r.string("CCX_K8S_DNS_NAMESPACE", RunnerDns.DEFAULT_NAMESPACE);
        if (!DNS_LABEL.matcher(namespace).matches()) {
            r.error("CCX_K8S_DNS_NAMESPACE: not a namespace name (lowercase letters, digits, dashes; at most 63)");
            namespace = RunnerDns.DEFAULT_NAMESPACE;
        }
        return new RunnerDns(namespace, labels(r, "CCX_K8S_DNS_POD_SELECTOR", RunnerDns.DEFAULT_POD_SELECTOR),
                cidrs(r, "CCX_K8S_DNS_CIDRS", List.of()));
    }

    private static boolean labelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean prefixOk = slash < 0 || DNS_SUBDOMAIN.matcher(key.substring(0, slash)).matches();
        return prefixOk && LABEL_NAME.matcher(name).matches();
    }

    private static Optional<String> seccomp(EnvReader r) {
        String raw = r.string("CCX_K8S_SECCOMP_PROFILE", "RuntimeDefault");
        if (raw.equals("RuntimeDefault")) {
            return Optional.empty();
        }
        String path = raw.startsWith("localhost/") ? raw.substring("localhost/".length()) : "";
        if (!PROFILE_PATH.matcher(path).matches() || List.of(path.split("/")).contains("..")) {
            r.error("CCX_K8S_SECCOMP_PROFILE: use RuntimeDefault or localhost/<path below the kubelet's seccomp"
                    + " directory> (Unconfined is refused)");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static List<Cidr> cidrs(EnvReader r, String name, List<String> defaults) {
        List<String> raw = r.list(name);
        List<String> entries = raw.isEmpty() ? defaults : raw;
        return entries.stream().map(entry -> {
            try {
                return Cidr.parse(entry);
            } catch (IllegalArgumentException e) {
                r.error(name + ": " + e.getMessage());
                return null;
            }
        }).filter(java.util.Objects::nonNull).toList();
    }

    private static int cpu(EnvReader r) {
        String raw = r.string("CCX_K8S_CPU_REQUEST", "100m");
        if (!CPU.matcher(raw).matches()) {
            r.error("CCX_K8S_CPU_REQUEST: use millicores (100m) or cores (0.5)");
            return 100;
        }
        long millis = raw.endsWith("m") ? Long.parseLong(raw.substring(0, raw.length() - 1))
                : Math.round(Double.parseDouble(raw) * 1000);
        if (millis < 1 || millis > 512_000) {
            r.error("CCX_K8S_CPU_REQUEST: must be between 1m and 512");
            return 100;
        }
        return (int) millis;
    }
}
