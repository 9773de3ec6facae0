package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.config.EnvReader;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server in CRUD mode (it stores objects and serves list, watch, 409 on duplicate names) plus a
 * stand-in kubelet. The mock runs nothing, so a new Pod would stay without status forever; the stand-in watches
 * Pods and, like a kubelet whose container just started, sets phase Running and a Pod IP. Tests can pause it to
 * leave Pods pending, as an unschedulable Pod or a slow image pull would.
 */
final class MockCluster implements AutoCloseable {
    static final String NAMESPACE = "ccx-test";
    /** The mock logs every request through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");
    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor();
    private final Watch watch;
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final List<KubernetesClient> clients = new ArrayList<>();
    volatile boolean kubeletRunsPods = true;

    MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        admin = client();
        watch = admin.pods().inNamespace(NAMESPACE).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED && (pod.getStatus() == null || pod.getStatus().getPhase() == null)) {
                    kubelet.submit(() -> start(pod));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test is over
            }
        });
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** A client of its own, as each orchestrator replica has. */
    KubernetesClient client() {
        KubernetesClient client;
        try (KubernetesClient template = server.createClient(new JdkHttpClientFactory())) {
            client = KubernetesSlotBackend.client(template.getConfiguration());
        }
        clients.add(client);
        return client;
    }

    /** The test's own view of the cluster (what kubectl would show). */
    KubernetesClient admin() {
        return admin;
    }

    KubernetesSlotBackend backend(String instance, RunnerCredentials credentials, Map<String, String> env) {
        return new KubernetesSlotBackend(client(), instance, credentials, settings(env));
    }

    /** Settings as read from {@code env}, in this cluster's namespace unless {@code env} names another. */
    static KubernetesSettings settings(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("CCX_K8S_NAMESPACE", NAMESPACE));
        all.putAll(env);
        EnvReader reader = new EnvReader(all);
        KubernetesSettings settings = KubernetesSettings.read(reader, Path.of("/nonexistent"));
        if (!reader.errors().isEmpty()) {
            throw new IllegalArgumentException(reader.errors().toString());
        }
        return settings;
    }

    /** Starts every Pod that is still pending (after {@link #kubeletRunsPods} was turned back on). */
    void runPendingPods() {
        admin.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null)
                .forEach(this::start);
    }

    /** Reports a Pod's container as exited, as the kubelet does when the agent dies (OOM kill, crash). */
    void failPod(String name) {
        admin.pods().inNamespace(NAMESPACE).withName(name).editStatus(p -> new PodBuilder(p).editStatus()
                .withPhase("Failed").withPodIP(null).endStatus().build());
    }

    private void start(Pod pod) {
        if (!kubeletRunsPods) {
            return;
        }
        try {
            admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName())
                    .editStatus(p -> new PodBuilder(p).withNewStatus().withPhase("Running")
                            .withPodIP("10.42.0." + nextIp.getAndIncrement())
                            .withStartTime(Instant.now().toString()).endStatus().build());
        } catch (KubernetesClientException e) {
            // deleted before it could start
        }
    }

    /** Takes the API server away (clients stay open), as an outage would. */
    void stopApiServer() {
        watch.close();
        server.destroy();
    }

    @Override
    public void close() {
        watch.close();
        kubelet.shutdownNow();
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
