package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotState;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Translates Kubernetes objects back into slot terms. A Pod is the running runner (its id is the Pod's uid, its
 * address the Pod IP); a slot whose Pod is gone but whose TLS Secret remains is a stopped runner, resumable by
 * creating a Pod again on the same claims.
 */
final class SlotInstances {
    private final String instance;

    SlotInstances(String instance) {
        this.instance = instance;
    }

    /** RUNNING only when the Pod runs, has an IP and is not being deleted; anything else is STOPPED. */
    Optional<SlotInstance> fromPod(Pod pod) {
        Optional<UserId> user = owner(pod, SlotObjects.KIND_RUNNER);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ip = Optional.ofNullable(pod.getStatus()).map(s -> s.getPodIP()).filter(s -> !s.isEmpty());
        boolean running = isRunning(pod) && ip.isPresent();
        Instant started = Optional.ofNullable(pod.getStatus()).map(s -> s.getStartTime()).map(SlotInstances::instant)
                .orElse(Instant.EPOCH);
        return Optional.of(new SlotInstance(user.get(), label(pod, SlotLabels.SLOT),
                running ? SlotState.RUNNING : SlotState.STOPPED, pod.getMetadata().getUid(),
                running ? ip : Optional.empty(), agentPort(pod), label(pod, SlotLabels.CONFIG_HASH), started));
    }

    /** The stopped runner a slot's TLS Secret stands for while the slot has no Pod. */
    Optional<SlotInstance> stoppedFrom(Secret secret) {
        return owner(secret, SlotObjects.KIND_TLS).map(user -> new SlotInstance(user, label(secret, SlotLabels.SLOT),
                SlotState.STOPPED, "", Optional.empty(), RunnerSpecs.AGENT_PORT,
                label(secret, SlotLabels.CONFIG_HASH), Instant.EPOCH));
    }

    static boolean isRunning(Pod pod) {
        return !isDeleting(pod) && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean isDeleting(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    private Optional<UserId> owner(HasMetadata object, String kind) {
        Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
                : object.getMetadata().getLabels();
        Map<String, String> notes = object.getMetadata().getAnnotations() == null ? Map.of()
                : object.getMetadata().getAnnotations();
        String user = notes.get(SlotObjects.USER_ANNOTATION);
        boolean ours = SlotLabels.MANAGED_BY_VALUE.equals(labels.get(SlotLabels.MANAGED_BY))
                && instance.equals(labels.get(SlotLabels.INSTANCE)) && kind.equals(labels.get(SlotLabels.KIND))
                && labels.get(SlotLabels.SLOT) != null && UserId.problem(user) == null;
        return ours ? Optional.of(new UserId(user)) : Optional.empty();
    }

    private static String label(HasMetadata object, String key) {
        return object.getMetadata().getLabels().getOrDefault(key, "");
    }

    private static int agentPort(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> "agent".equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst().orElse(RunnerSpecs.AGENT_PORT);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
