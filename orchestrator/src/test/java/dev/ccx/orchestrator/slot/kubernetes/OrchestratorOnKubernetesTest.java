package dev.ccx.orchestrator.slot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.Orchestrator;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.testing.FakeRunner;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole orchestrator, started as {@code Main} starts it ({@link Orchestrator#start} on a config read from an
 * environment map) with {@code CCX_BACKEND=kubernetes} and a kubeconfig pointing at fabric8's mock API server.
 * The stand-in kubelet runs each Pod as a runner stand-in at the Pod's IP and agent port (a random loopback
 * address), with the TLS identity it resolves from the Pod's Secret, so requests travel the real path: config,
 * backend wiring, Pod and claims, readiness, mutual TLS, forwarding.
 */
class OrchestratorOnKubernetesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_KEY = "k8s-test-service-key-0123456789";
    private static final String ADMIN_KEY = "k8s-test-admin-key-0123456789";
    private static final String INSTANCE = "k8sstart";
    private static final SlotNames NAMES = new SlotNames(INSTANCE);
    private final Map<String, FakeRunner> agents = new ConcurrentHashMap<>();
    private final MockCluster cluster = new MockCluster(new MockCluster.Kubelet() {
        @Override
        public String run(Pod pod, Map<String, String> env) throws Exception {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String ip = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
            int port = Integer.parseInt(env.get("CCX_PORT"));
            agents.put(pod.getMetadata().getName(), new FakeRunner(env.get("CCX_SLOT"), env,
                    new InetSocketAddress(ip, port)));
            return ip;
        }

        @Override
        public void stop(Pod pod) {
            FakeRunner agent = agents.remove(pod.getMetadata().getName());
            if (agent != null) {
                agent.close();
            }
        }
    });
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    Orchestrator orchestrator;

    @AfterEach
    void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        cluster.close();
        agents.values().forEach(FakeRunner::close);
    }

    private Orchestrator start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_BACKEND", "kubernetes");
        env.put("CCX_K8S_KUBECONFIG", cluster.kubeconfig(dir.resolve("kubeconfig")).toString());
        env.put("CCX_K8S_NAMESPACE", MockCluster.NAMESPACE);
        env.put("CCX_K8S_START_TIMEOUT", "20s");
        env.put("CCX_INSTANCE", INSTANCE);
        env.put("CCX_STATE_DIR", dir.resolve("state").toString());
        env.put("CCX_LISTEN_HOST", "127.0.0.1");
        env.put("CCX_PORT", "0");
        env.put("CCX_SERVICE_KEYS", SERVICE_KEY);
        env.put("CCX_ADMIN_KEYS", ADMIN_KEY);
        env.put("CCX_READY_TIMEOUT", "10s");
        orchestrator = Orchestrator.start(OrchestratorConfig.fromEnv(env));
        return orchestrator;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestrator.port() + path));
    }

    private HttpRequest.Builder asUser(String path, String user) {
        return request(path).header("Authorization", "Bearer " + SERVICE_KEY).header("X-CCX-User", user);
    }

    private HttpRequest.Builder asAdmin(String path) {
        return request(path).header("Authorization", "Bearer " + ADMIN_KEY);
    }

    private JsonNode slotRow(String user) throws Exception {
        HttpResponse<String> slots = send(asAdmin("/admin/slots"));
        assertThat(slots.statusCode()).isEqualTo(200);
        for (JsonNode row : JSON.readTree(slots.body()).path("data")) {
            if (row.path("user").asText().equals(user)) {
                return row;
            }
        }
        return null;
    }

    private Pod pod(String user) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE)
                .withName(NAMES.slotName(new UserId(user))).get();
    }

    private List<String> claimNames() {
        return cluster.admin().persistentVolumeClaims().inNamespace(MockCluster.NAMESPACE).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
    }

    private static List<String> claimsOf(String user) {
        return java.util.Arrays.stream(VolumeKind.values()).map(k -> NAMES.volumeName(new UserId(user), k))
                .sorted().toList();
    }

    @Test
    void a_users_first_request_creates_that_users_pod_and_claims_and_is_answered_by_the_runner_in_it()
            throws Exception {
        start();
        assertThat(send(request("/ready")).statusCode()).as("the API server answers").isEqualTo(200);
        assertThat(cluster.admin().network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE)
                .withName("ccx-" + INSTANCE + "-runners").get()).as("the runners' NetworkPolicy, put in place at start")
                .isNotNull();
        assertThat(pod("alice")).isNull();

        HttpResponse<String> models = send(asUser("/v1/models", "alice"));

        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        assertThat(JSON.readTree(models.body()).path("data").findValuesAsText("id")).contains("sonnet");
        Pod pod = pod("alice");
        assertThat(pod).isNotNull();
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("dev.ccx.user", "alice");
        assertThat(agents).containsOnlyKeys(pod.getMetadata().getName());
        assertThat(claimNames()).containsExactlyElementsOf(claimsOf("alice"));
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getPersistentVolumeClaim() == null ? null
                : v.getPersistentVolumeClaim().getClaimName()).containsAll(claimsOf("alice"));
        assertThat(pod("bob")).isNull();
        JsonNode row = slotRow("alice");
        assertThat(row.path("state").asText()).isEqualTo("running");
        assertThat(pod.getMetadata().getUid()).startsWith(row.path("container").asText());
    }

    @Test
    void an_admin_stop_deletes_the_pod_keeps_the_claims_and_the_next_request_runs_a_new_pod() throws Exception {
        start();
        assertThat(send(asUser("/v1/models", "alice")).statusCode()).isEqualTo(200);
        String firstUid = pod("alice").getMetadata().getUid();

        HttpResponse<String> stop = send(asAdmin("/admin/slots/alice/stop").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(pod("alice")).isNull();
        assertThat(claimNames()).containsExactlyElementsOf(claimsOf("alice"));
        assertThat(slotRow("alice").path("state").asText()).isEqualTo("stopped");
        assertThat(send(asUser("/v1/models", "alice")).statusCode()).isEqualTo(200);
        assertThat(pod("alice").getMetadata().getUid()).isNotEqualTo(firstUid);
        assertThat(claimNames()).containsExactlyElementsOf(claimsOf("alice"));
    }

    @Test
    void a_restarted_orchestrator_adopts_the_running_pod_from_the_cluster() throws Exception {
        start();
        assertThat(send(asUser("/v1/models", "alice")).statusCode()).isEqualTo(200);
        String uid = pod("alice").getMetadata().getUid();
        orchestrator.close();
        orchestrator = null;

        start();

        JsonNode row = slotRow("alice");
        assertThat(row).as("listed from the cluster's Pods, with no request since the restart").isNotNull();
        assertThat(row.path("state").asText()).isEqualTo("running");
        assertThat(send(asUser("/v1/models", "alice")).statusCode()).isEqualTo(200);
        assertThat(pod("alice").getMetadata().getUid()).as("the same Pod, not a new one").isEqualTo(uid);
    }

    @Test
    void ready_fails_when_the_api_server_goes_away() throws Exception {
        start();
        assertThat(send(request("/ready")).statusCode()).isEqualTo(200);

        cluster.stopApiServer();

        assertThat(send(request("/ready")).statusCode()).isEqualTo(503);
    }
}
