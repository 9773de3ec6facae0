package dev.ccx.orchestrator.slot.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waits on runner Pods: until one runs with an IP (the scheduler, the image pull and the kubelet are
 * asynchronous), or until one is gone. Deletes target exactly the Pod that was looked at (a resourceVersion
 * precondition), never a Pod another replica has just created under the same name.
 */
final class PodLifecycle {
    private static final Duration GONE_WAIT = Duration.ofSeconds(60);
    private static final int DELETE_ATTEMPTS = 5;
    private final KubernetesClient client;
    private final String namespace;
    private final Duration startTimeout;

    PodLifecycle(KubernetesClient client, String namespace, Duration startTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.startTimeout = startTimeout;
    }

    Pod get(String name) {
        return pod(name).get();
    }

    /** Asks for {@code pod} to be deleted (the agent gets the Pod's 5 s grace period); false when it was gone. */
    boolean delete(Pod pod) {
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        Pod current = pod;
        for (int attempt = 1; current != null && uid.equals(current.getMetadata().getUid()); attempt++) {
            try {
                return !pod(name).lockResourceVersion(current.getMetadata().getResourceVersion()).delete().isEmpty();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= DELETE_ATTEMPTS) {
                    throw e;
                }
                current = get(name); // its status moved on (or another replica replaced it): look again
            }
        }
        return false;
    }

    /** Deletes {@code pod} unless it is already terminating, then waits until no Pod with its uid is left. */
    void deleteAndWait(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (!SlotInstances.isDeleting(pod)) {
            delete(pod);
        }
        try {
            pod(pod.getMetadata().getName()).waitUntilCondition(p -> p == null || !uid.equals(p.getMetadata().getUid()),
                    GONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("pod " + pod.getMetadata().getName() + " is still terminating", e);
        }
    }

    /** The Pod once it runs with an IP; a Pod still not running after the start timeout is deleted. */
    Pod awaitRunning(String name) {
        Pod pod;
        try {
            pod = pod(name).waitUntilCondition(p -> p == null || SlotInstances.isFinished(p)
                            || SlotInstances.isDeleting(p) || SlotInstances.isRunning(p) && hasIp(p),
                    startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            Pod stuck = get(name);
            String why = describe(stuck);
            if (stuck != null) {
                delete(stuck); // leave nothing half-started behind; the next request tries again
            }
            throw new IllegalStateException("runner " + name + " did not start within " + startTimeout + ": " + why, e);
        }
        if (pod == null || !SlotInstances.isRunning(pod)) {
            throw new IllegalStateException("runner " + name + " did not stay running: " + describe(pod));
        }
        return pod;
    }

    private PodResource pod(String name) {
        return client.pods().inNamespace(namespace).withName(name);
    }

    private static boolean hasIp(Pod pod) {
        return pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty();
    }

    /** Why a Pod is not running, from its phase, scheduling condition and container state (for logs). */
    static String describe(Pod pod) {
        if (pod == null) {
            return "the pod is gone";
        }
        if (pod.getStatus() == null) {
            return "no status yet";
        }
        List<String> parts = new ArrayList<>();
        parts.add("phase " + pod.getStatus().getPhase());
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("False".equals(condition.getStatus()) && condition.getReason() != null) {
                parts.add(condition.getType() + ": " + condition.getReason());
            }
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null && status.getState().getWaiting() != null) {
                parts.add("waiting: " + status.getState().getWaiting().getReason());
            } else if (status.getState() != null && status.getState().getTerminated() != null) {
                parts.add("exited " + status.getState().getTerminated().getExitCode() + " ("
                        + status.getState().getTerminated().getReason() + ")");
            }
        }
        return String.join(", ", parts);
    }
}
