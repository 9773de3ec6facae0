package dev.ccx.orchestrator.slot.kubernetes;

import dev.ccx.orchestrator.config.EnvReader;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server in CRUD mode (it stores objects and serves list, watch, 409 on duplicate names) plus a
 * stand-in kubelet. The mock runs nothing, so a new Pod would stay without status forever; the stand-in watches
 * Pods and, like a kubelet whose container just started, sets phase Running and a Pod IP. By default nothing
 * listens at that IP; a {@link Kubelet} may run a real agent there. Tests can pause the stand-in to leave Pods
 * pending, as an unschedulable Pod or a slow image pull would.
 */
final class MockCluster implements AutoCloseable {
    static final String NAMESPACE = "ccx-test";

    /** What "running a Pod" means: start something for it (given its resolved environment) and say its IP. */
    interface Kubelet {
        String run(Pod pod, Map<String, String> env) throws Exception;

        /** The Pod was deleted: stop what {@link #run} started. */
        default void stop(Pod pod) {}
    }

    /** The mock logs every request through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");
    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor();
    private final Watch watch;
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final Kubelet runner;
    volatile boolean kubeletRunsPods = true;

    /** Pods get addresses where nothing listens. */
    MockCluster() {
        this(null);
    }

    /** Pods are run by {@code runner}. */
    MockCluster(Kubelet runner) {
        this.runner = runner != null ? runner : (pod, env) -> "10.42.0." + nextIp.getAndIncrement();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        admin = client();
        watch = admin.pods().inNamespace(NAMESPACE).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED && (pod.getStatus() == null || pod.getStatus().getPhase() == null)) {
                    kubelet.submit(() -> start(pod));
                } else if (action == Action.DELETED) {
                    kubelet.submit(() -> MockCluster.this.runner.stop(pod));
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

    /** Writes a kubeconfig whose current context is this cluster, as an operator's would be. */
    Path kubeconfig(Path file) throws java.io.IOException {
        return java.nio.file.Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "http://%s:%d"}
                users:
                  - name: ccx
                    user: {token: mock-token}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: ccx, namespace: %s}
                current-context: mock
                """.formatted(server.getHostName(), server.getPort(), NAMESPACE));
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
        String ip;
        try {
            ip = runner.run(pod, environment(pod));
        } catch (Exception e) {
            throw new IllegalStateException("the stand-in kubelet could not run " + pod.getMetadata().getName(), e);
        }
        try {
            admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName())
                    .editStatus(p -> new PodBuilder(p).withNewStatus().withPhase("Running").withPodIP(ip)
                            .withStartTime(Instant.now().toString()).endStatus().build());
        } catch (KubernetesClientException e) {
            // deleted before it could start
        }
    }

    /** The first container's environment as a kubelet resolves it: literal values and {@code secretKeyRef}s. */
    private Map<String, String> environment(Pod pod) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv()) {
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = admin.secrets().inNamespace(NAMESPACE).withName(ref.getName()).get();
                String data = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
                if (data != null) {
                    env.put(var.getName(), new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
                } else if (secret != null && secret.getStringData() != null) {
                    env.put(var.getName(), secret.getStringData().get(ref.getKey()));
                }
            } else if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
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
