package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Names, labels and the plain objects of a slot besides its Pod: the TLS Secret and the three claims.
 * Label values cannot hold every user id (no {@code @}, at most 63 characters), so the user id is an annotation;
 * selection uses the slot label, which SlotNames derives from the user id through a hash.
 */
final class SlotObjects {
    static final String KIND_RUNNER = "runner";
    static final String KIND_TLS = "runner-tls";
    static final String KIND_POLICY = "network-policy";
    static final String USER_ANNOTATION = SlotLabels.USER;
    static final String IMAGE_ANNOTATION = SlotLabels.IMAGE;
    private static final long DEFAULT_JOBS_CLAIM_BYTES = 10L << 30;

    private final String instance;
    private final KubernetesSettings settings;

    SlotObjects(String instance, KubernetesSettings settings) {
        this.instance = instance;
        this.settings = settings;
    }

    String instance() {
        return instance;
    }

    static String secretName(String slotName) {
        return slotName + "-tls";
    }

    static String kindOf(VolumeKind kind) {
        return "volume-" + kind.suffix();
    }

    /** The labels every object of this instance of the given kind carries (what list calls select on). */
    Map<String, String> selector(String kind) {
        Map<String, String> labels = new HashMap<>();
        labels.put(SlotLabels.MANAGED_BY, SlotLabels.MANAGED_BY_VALUE);
        labels.put(SlotLabels.INSTANCE, instance);
        labels.put(SlotLabels.KIND, kind);
        return labels;
    }

    ObjectMeta meta(SlotSpec spec, String name, String kind) {
        Map<String, String> labels = selector(kind);
        labels.put(SlotLabels.SLOT, spec.slotName());
        return new ObjectMetaBuilder().withName(name).withNamespace(settings.namespace()).withLabels(labels)
                .withAnnotations(Map.of(USER_ANNOTATION, spec.user().value())).build();
    }

    /** Whether {@code meta} is labelled as an object of {@code slotName} in this instance. */
    boolean belongsTo(ObjectMeta meta, String slotName) {
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        return SlotLabels.MANAGED_BY_VALUE.equals(labels.get(SlotLabels.MANAGED_BY))
                && instance.equals(labels.get(SlotLabels.INSTANCE))
                && slotName.equals(labels.get(SlotLabels.SLOT));
    }

    /** The runner's TLS identity, referenced from the Pod's environment so no key appears in the Pod spec. */
    Secret tlsSecret(SlotSpec spec, Map<String, String> tlsEnv) {
        ObjectMeta meta = meta(spec, secretName(spec.slotName()), KIND_TLS);
        meta.getLabels().put(SlotLabels.CONFIG_HASH, spec.configHash());
        Map<String, String> data = new HashMap<>();
        tlsEnv.forEach((key, value) -> data.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withMetadata(meta).withType("Opaque").withData(data).build();
    }

    PersistentVolumeClaim claim(SlotSpec spec, VolumeKind kind) {
        long bytes = kind == VolumeKind.JOBS
                ? settings.jobsClaimBytes().or(spec.limits()::jobsQuotaBytes).orElse(DEFAULT_JOBS_CLAIM_BYTES)
                : settings.claimBytes();
        return new PersistentVolumeClaimBuilder()
                .withMetadata(meta(spec, spec.volumes().get(kind), kindOf(kind)))
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeMode("Filesystem")
                .withStorageClassName(settings.storageClass().orElse(null))
                .withNewResources().addToRequests("storage", bytes(bytes)).endResources()
                .endSpec()
                .build();
    }

    /** A byte count as a Kubernetes quantity, in Gi or Mi when it divides evenly (as kubectl shows them). */
    static Quantity bytes(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return new Quantity(bytes / (1L << 30) + "Gi");
        }
        if (bytes % (1L << 20) == 0) {
            return new Quantity(bytes / (1L << 20) + "Mi");
        }
        return new Quantity(Long.toString(bytes));
    }
}
