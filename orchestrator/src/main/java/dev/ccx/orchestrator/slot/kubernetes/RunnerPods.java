package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.policy.RunnerLimits;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hardened Pod of a runner, mirroring the Docker container: uid 10001, read-only root filesystem with a
 * memory-backed {@code /tmp}, no capabilities, no privilege escalation, a seccomp profile, memory and CPU limits,
 * no service-account token, no host namespaces, and the TLS identity read from the slot's Secret.
 * Pids have no per-Pod limit in the Pod API: the kubelet's {@code podPidsLimit} caps them per node (see
 * docs/kubernetes.md). {@code restartPolicy: Never} mirrors Docker's no-restart: a runner whose agent exits is
 * reported stopped and the slot service creates a fresh Pod on the next request.
 */
final class RunnerPods {
    static final long RUNNER_ID = 10001L;
    static final String CONTAINER = "agent";
    static final String TMP_VOLUME = "tmp";
    private static final long GRACE_SECONDS = 5;

    private final SlotObjects objects;
    private final KubernetesSettings settings;

    RunnerPods(SlotObjects objects, KubernetesSettings settings) {
        this.objects = objects;
        this.settings = settings;
    }

    /** The Pod of {@code spec}; {@code tlsKeys} are the Secret's keys, exposed to the agent as variables. */
    Pod pod(SlotSpec spec, Set<String> tlsKeys) {
        ObjectMeta meta = objects.meta(spec, spec.slotName(), SlotObjects.KIND_RUNNER);
        meta.getLabels().put(SlotLabels.CONFIG_HASH, spec.configHash());
        meta.getAnnotations().put(SlotObjects.IMAGE_ANNOTATION, spec.image());
        return new PodBuilder().withMetadata(meta).withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withHostNetwork(false).withHostPID(false).withHostIPC(false)
                .withShareProcessNamespace(true) // the pause container is PID 1 and reaps zombies (Docker's --init)
                .withHostname(spec.slotName())
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .withSecurityContext(podSecurity())
                .withHostAliases(hostAliases(spec.extraHosts()))
                .withVolumes(volumes(spec))
                .withContainers(container(spec, tlsKeys))
                .endSpec().build();
    }

    private Container container(SlotSpec spec, Set<String> tlsKeys) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.imageId())
                .withImagePullPolicy("IfNotPresent")
                .withEnv(env(spec, tlsKeys))
                .addNewPort().withName("agent").withContainerPort(spec.agentPort()).withProtocol("TCP").endPort()
                .withResources(resources(spec.limits()))
                .withSecurityContext(containerSecurity())
                .withVolumeMounts(mounts(spec))
                .build();
    }

    private PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNNER_ID)
                .withRunAsGroup(RUNNER_ID)
                .withFsGroup(RUNNER_ID)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withSeccompProfile(seccomp())
                .build();
    }

    private SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNNER_ID)
                .withRunAsGroup(RUNNER_ID)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withSeccompProfile(seccomp())
                .build();
    }

    private SeccompProfile seccomp() {
        return settings.seccompLocalhostProfile()
                .map(path -> new SeccompProfileBuilder().withType("Localhost").withLocalhostProfile(path).build())
                .orElseGet(() -> new SeccompProfileBuilder().withType("RuntimeDefault").build());
    }

    private ResourceRequirements resources(RunnerLimits limits) {
        long cpuLimitMillis = Math.max(1, Math.round(limits.cpus() * 1000));
        long memoryRequest = Math.min(settings.memoryRequestBytes().orElse(limits.memoryBytes()), limits.memoryBytes());
        long cpuRequest = Math.min(settings.cpuRequestMillis(), cpuLimitMillis);
        return new ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", SlotObjects.bytes(limits.memoryBytes()),
                        "cpu", new Quantity(cpuLimitMillis + "m")))
                .withRequests(Map.of("memory", SlotObjects.bytes(memoryRequest),
                        "cpu", new Quantity(cpuRequest + "m")))
                .build();
    }

    private static List<EnvVar> env(SlotSpec spec, Set<String> tlsKeys) {
        List<EnvVar> env = new ArrayList<>();
        spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
        env.add(new EnvVar("CCX_SLOT", spec.slotName(), null));
        env.add(new EnvVar("CCX_PORT", Integer.toString(spec.agentPort()), null));
        for (String key : new TreeSet<>(tlsKeys)) {
            env.add(new EnvVarBuilder().withName(key).withNewValueFrom().withNewSecretKeyRef()
                    .withName(SlotObjects.secretName(spec.slotName())).withKey(key).withOptional(false)
                    .endSecretKeyRef().endValueFrom().build());
        }
        return env;
    }

    private static List<Volume> volumes(SlotSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        for (VolumeKind kind : VolumeKind.values()) {
            volumes.add(new VolumeBuilder().withName(kind.suffix()).withNewPersistentVolumeClaim()
                    .withClaimName(spec.volumes().get(kind)).withReadOnly(false).endPersistentVolumeClaim().build());
        }
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(SlotObjects.bytes(spec.limits().tmpfsBytes())).endEmptyDir().build());
        return volumes;
    }

    private static List<VolumeMount> mounts(SlotSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (VolumeKind kind : VolumeKind.values()) {
            mounts.add(new VolumeMountBuilder().withName(kind.suffix()).withMountPath(kind.mountPath()).build());
        }
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        return mounts;
    }

    /** {@code name:ip} entries as host aliases (the configuration refuses entries that are not literal IPs). */
    private static List<HostAlias> hostAliases(List<String> extraHosts) {
        List<HostAlias> aliases = new ArrayList<>();
        for (String entry : extraHosts) {
            int colon = entry.indexOf(':');
            aliases.add(new HostAliasBuilder().withHostnames(entry.substring(0, colon))
                    .withIp(entry.substring(colon + 1)).build());
        }
        return aliases;
    }
}
