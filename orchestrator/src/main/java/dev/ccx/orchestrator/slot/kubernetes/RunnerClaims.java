package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slot's three PersistentVolumeClaims: created once (the first replica to create one wins, the others adopt
 * it), never resized, and deleted only when labelled as that slot's, so a purge can never take another user's.
 */
final class RunnerClaims {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerClaims.class);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(30);
    private final KubernetesClient client;
    private final String namespace;
    private final SlotObjects objects;

    RunnerClaims(KubernetesClient client, String namespace, SlotObjects objects) {
        this.client = client;
        this.namespace = namespace;
        this.objects = objects;
    }

    void ensure(SlotSpec spec) {
        for (VolumeKind kind : VolumeKind.values()) {
            ensure(spec, kind);
        }
    }

    private void ensure(SlotSpec spec, VolumeKind kind) {
        String name = spec.volumes().get(kind);
        PersistentVolumeClaim current = get(name);
        if (current != null && SlotInstances.isDeleting(current)) {
            awaitGone(name); // a purge is still releasing it: a new claim must not adopt the dying one
            current = null;
        }
        if (current == null) {
            try {
                client.persistentVolumeClaims().inNamespace(namespace).resource(objects.claim(spec, kind)).create();
                LOG.info("created claim {} for slot {}", name, spec.slotName());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                current = get(name); // created concurrently by another replica
            }
        }
        if (current == null || !objects.belongsTo(current.getMetadata(), spec.slotName())) {
            throw new IllegalStateException("a claim named " + name + " exists but is not labelled as slot "
                    + spec.slotName() + " of this orchestrator");
        }
    }

    /** Deletes one of {@code slotName}'s claims; false when absent or not labelled as that slot's. */
    boolean remove(String name, String slotName) {
        PersistentVolumeClaim claim = get(name);
        if (claim == null) {
            return false;
        }
        if (!objects.belongsTo(claim.getMetadata(), slotName)) {
            LOG.warn("refusing to remove claim {}: it is not labelled as slot {}", name, slotName);
            return false;
        }
        return !client.persistentVolumeClaims().inNamespace(namespace).resource(claim).delete().isEmpty();
    }

    private PersistentVolumeClaim get(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

    private void awaitGone(String name) {
        try {
            client.persistentVolumeClaims().inNamespace(namespace).withName(name)
                    .waitUntilCondition(Objects::isNull, RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("claim " + name + " is still being deleted; try again later", e);
        }
    }
}
