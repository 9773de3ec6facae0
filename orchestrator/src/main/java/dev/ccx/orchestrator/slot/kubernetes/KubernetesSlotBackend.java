package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotBackend;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each slot as a hardened Pod named after the slot, on three PersistentVolumeClaims, with its TLS identity
 * in a Secret; one NetworkPolicy isolates all runners. Names make creation exactly-once across orchestrator
 * replicas (a 409 means another replica created it: adopt it) and labels are the only state, as with Docker.
 * A Pod cannot be stopped: {@link #stop} deletes it and keeps claims and Secret, so a resume creates a new Pod.
 */
public final class KubernetesSlotBackend implements SlotBackend, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSlotBackend.class);
    private static final int RETRIES = 2;
    private static final int RETRY_INTERVAL_MILLIS = 200;
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final RunnerCredentials credentials;
    private final SlotObjects objects;
    private final SlotInstances instances;
    private final RunnerPods pods;
    private final RunnerClaims claims;
    private final PodLifecycle lifecycle;

    /** Uses (and closes with this backend) {@code client}; every object lives in the settings' namespace. */
    public KubernetesSlotBackend(KubernetesClient client, String instance, RunnerCredentials credentials,
                                 KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
        this.credentials = credentials;
        this.objects = new SlotObjects(instance, settings);
        this.instances = new SlotInstances(instance);
        this.pods = new RunnerPods(objects, settings);
        this.claims = new RunnerClaims(client, settings.namespace(), objects);
        this.lifecycle = new PodLifecycle(client, settings.namespace(), settings.startTimeout());
    }

    /**
     * Connects through the configured kubeconfig file, else as the Pod's service account in a cluster (or through
     * the usual kubeconfig outside one).
     */
    public static KubernetesSlotBackend connect(KubernetesSettings settings, String instance,
                                                RunnerCredentials credentials) {
        Config base = settings.kubeconfig().map(file -> Config.fromKubeconfig(file.toFile()))
                .orElseGet(() -> Config.autoConfigure(null));
        Config config = new ConfigBuilder(base).withNamespace(settings.namespace()).build();
        return new KubernetesSlotBackend(client(config), instance, credentials, settings);
    }

    /**
     * A client on the JDK's HTTP stack that gives up on an unreachable API server within about a second (three
     * tries) instead of fabric8's default ten, so a readiness check answers while the API server is down.
     */
    static KubernetesClient client(Config base) {
        Config config = new ConfigBuilder(base).withRequestRetryBackoffLimit(RETRIES)
                .withRequestRetryBackoffInterval(RETRY_INTERVAL_MILLIS).build();
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config)
                .build();
    }

    /** Puts the runners' NetworkPolicy in place (at start; every Pod creation checks it again). */
    public void prepare() {
        NetworkPolicy desired = RunnerNetworkPolicy.build(objects, settings, RunnerSpecs.AGENT_PORT);
        var policies = client.network().v1().networkPolicies().inNamespace(settings.namespace());
        NetworkPolicy current = policies.withName(desired.getMetadata().getName()).get();
        try {
            if (current == null) {
                policies.resource(desired).create();
                LOG.info("created network policy {}", desired.getMetadata().getName());
            } else if (!desired.getSpec().equals(current.getSpec())) {
                desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                policies.resource(desired).update();
                LOG.info("updated network policy {}", desired.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.debug("network policy written concurrently by another replica");
        }
    }

    @Override
    public SlotInstance ensureRunning(SlotSpec spec) {
        Pod pod = lifecycle.get(spec.slotName());
        if (pod != null && !objects.belongsTo(pod.getMetadata(), spec.slotName())) {
            throw new IllegalStateException("a pod named " + spec.slotName() + " is not a runner of this orchestrator");
        }
        if (pod != null && !spec.configHash().equals(pod.getMetadata().getLabels().get(SlotLabels.CONFIG_HASH))) {
            LOG.info("slot {} has config {} but {} is wanted: recreating (claims kept)", spec.slotName(),
                    pod.getMetadata().getLabels().get(SlotLabels.CONFIG_HASH), spec.configHash());
            lifecycle.deleteAndWait(pod);
            pod = null;
        } else if (pod != null && (SlotInstances.isFinished(pod) || SlotInstances.isDeleting(pod))) {
            lifecycle.deleteAndWait(pod); // the agent exited or the Pod is being stopped: resume with a new Pod
            pod = null;
        }
        if (pod == null) {
            create(spec);
        }
        Pod running = lifecycle.awaitRunning(spec.slotName());
        return instances.fromPod(running).orElseThrow(() -> new IllegalStateException(
                "pod " + spec.slotName() + " is not a runner of this orchestrator"));
    }

    private void create(SlotSpec spec) {
        claims.ensure(spec);
        prepare();
        Map<String, String> tls = credentials.issueEnv(spec.slotName());
        writeSecret(objects.tlsSecret(spec, tls));
        try {
            client.pods().inNamespace(settings.namespace()).resource(pods.pod(spec, tls.keySet())).create();
            LOG.info("created runner pod {} for user {} (config {})", spec.slotName(), spec.user(),
                    spec.configHash());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("runner pod {} was created concurrently; adopting it", spec.slotName());
        }
    }

    /** A fresh TLS identity for every new Pod, as Docker issues one per container. */
    private void writeSecret(Secret secret) {
        var secrets = client.secrets().inNamespace(settings.namespace());
        try {
            secrets.resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            replaceSecret(secret);
        }
    }

    private void replaceSecret(Secret secret) {
        var secrets = client.secrets().inNamespace(settings.namespace());
        Secret current = secrets.withName(secret.getMetadata().getName()).get();
        String slot = secret.getMetadata().getLabels().get(SlotLabels.SLOT);
        if (current == null || !objects.belongsTo(current.getMetadata(), slot)) {
            throw new IllegalStateException("secret " + secret.getMetadata().getName() + " is not this slot's");
        }
        secret.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        try {
            secrets.resource(secret).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.debug("secret of {} rewritten concurrently by another replica; its identity serves as well", slot);
        }
    }

    @Override
    public Optional<SlotInstance> inspect(String slotName) {
        Pod pod = lifecycle.get(slotName);
        Optional<SlotInstance> found = pod != null ? instances.fromPod(pod)
                : Optional.ofNullable(secret(slotName)).flatMap(instances::stoppedFrom);
        return found.filter(i -> i.slotName().equals(slotName));
    }

    @Override
    public boolean stop(String slotName) {
        Pod pod = lifecycle.get(slotName);
        if (pod == null || SlotInstances.isDeleting(pod) || !objects.belongsTo(pod.getMetadata(), slotName)) {
            return false;
        }
        lifecycle.delete(pod);
        LOG.info("stopped slot {} (pod deleted, claims and secret kept)", slotName);
        return !SlotInstances.isFinished(pod);
    }

    @Override
    public PurgeResult remove(String slotName, Set<String> volumeNames) {
        Pod pod = lifecycle.get(slotName);
        boolean podRemoved = pod != null && objects.belongsTo(pod.getMetadata(), slotName);
        if (podRemoved) {
            lifecycle.deleteAndWait(pod); // claims in use by a Pod are only released once the Pod is gone
        }
        Secret secret = secret(slotName);
        boolean secretRemoved = secret != null && objects.belongsTo(secret.getMetadata(), slotName)
                && !client.secrets().inNamespace(settings.namespace()).resource(secret).delete().isEmpty();
        List<String> removed = new ArrayList<>();
        for (String claim : new java.util.TreeSet<>(volumeNames)) {
            if (claims.remove(claim, slotName)) {
                removed.add(claim);
            }
        }
        boolean runnerRemoved = podRemoved || secretRemoved;
        LOG.info("purged slot {}: runner {}, claims {}", slotName, runnerRemoved ? "removed" : "absent", removed);
        return new PurgeResult(runnerRemoved || !removed.isEmpty(), runnerRemoved, removed);
    }

    @Override
    public List<SlotInstance> listManaged() {
        Map<String, SlotInstance> bySlot = new TreeMap<>();
        client.secrets().inNamespace(settings.namespace()).withLabels(objects.selector(SlotObjects.KIND_TLS))
                .list().getItems().forEach(s -> instances.stoppedFrom(s).ifPresent(i -> bySlot.put(i.slotName(), i)));
        client.pods().inNamespace(settings.namespace()).withLabels(objects.selector(SlotObjects.KIND_RUNNER))
                .list().getItems().forEach(p -> instances.fromPod(p).ifPresent(i -> bySlot.put(i.slotName(), i)));
        return List.copyOf(bySlot.values());
    }

    @Override
    public boolean healthy() {
        try {
            client.pods().inNamespace(settings.namespace()).withLabels(objects.selector(SlotObjects.KIND_RUNNER))
                    .list(new ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private Secret secret(String slotName) {
        return client.secrets().inNamespace(settings.namespace()).withName(SlotObjects.secretName(slotName)).get();
    }
}
