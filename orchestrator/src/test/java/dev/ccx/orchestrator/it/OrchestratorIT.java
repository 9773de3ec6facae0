package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Mount;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator against real Docker, the real runner image and the real CLIs (talking to the fake model). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrchestratorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path state;
    static ItEnvironment env;
    static SlotNames names;

    @BeforeAll
    static void start() {
        env = new ItEnvironment(state, Map.of());
        names = new SlotNames(env.instance);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    static HttpResponse<String> chat(String user, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", user)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String claude(String prompt, boolean stream) {
        return "{\"model\":\"sonnet\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.valueToTree(prompt) + "}]}";
    }

    static String content(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    static HttpResponse<String> admin(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + path))
                .header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void alice_and_bob_get_their_own_hardened_runner_mounting_only_their_volumes() throws Exception {
        HttpResponse<String> alice = chat("alice", claude("hello from alice", false));
        HttpResponse<String> bob = chat("bob", "{\"model\":\"codex/default\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello from bob\"}]}");
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(200);
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
        assertThat(content(alice)).contains("hello from alice");
        assertThat(content(bob)).contains("hello from bob");
        // the orchestrator runs with the built-in default policy (policies/default.yaml)
        JsonNode seccomp = JSON.readTree(PolicyLoader.load(Optional.empty()).defaults().seccompProfileJson()
                .orElseThrow());
        for (String user : List.of("alice", "bob")) {
            UserId id = new UserId(user);
            InspectContainerResponse c = env.docker().inspectContainerCmd(names.slotName(id)).exec();
            assertThat(c.getMounts()).extracting(m -> m.getName()).containsExactlyInAnyOrder(
                    names.volumeName(id, VolumeKind.CLAUDE), names.volumeName(id, VolumeKind.CODEX),
                    names.volumeName(id, VolumeKind.JOBS));
            HostConfig host = c.getHostConfig();
            assertThat(host.getReadonlyRootfs()).isTrue();
            assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
            assertThat(host.getCapAdd() == null ? List.of() : List.of(host.getCapAdd())).isEmpty();
            assertThat(host.getSecurityOpts()).anyMatch(o -> o.startsWith("no-new-privileges"))
                    .anyMatch(o -> o.startsWith("seccomp="));
            assertThat(host.getSecurityOpts()).contains("no-new-privileges:true");
            assertThat(host.getSecurityOpts()).filteredOn(o -> o.startsWith("seccomp=")).singleElement()
                    .satisfies(o -> assertThat(JSON.readTree(o.substring("seccomp=".length())))
                            .as("the policy's seccomp profile").isEqualTo(seccomp));
            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getMemory()).isEqualTo(1L << 30);
            assertThat(host.getMemorySwap()).as("no swap beyond the memory limit").isEqualTo(1L << 30);
            assertThat(host.getNanoCPUs()).as("policy cpus: 1.0").isEqualTo(1_000_000_000L);
            assertThat(host.getPidsLimit()).isEqualTo(256L);
            assertThat(host.getInit()).isTrue();
            assertThat(host.getTmpFs()).containsKey("/tmp");
            assertThat(host.getTmpFs().get("/tmp").split(",")).as("policy tmpfs: 256m")
                    .contains("rw", "nosuid", "nodev", "size=" + (256L << 20));
            assertThat(host.getUlimits()).as("policy jobs_quota 2g caps any one file")
                    .anySatisfy(u -> assertThat(List.of(u.getName(), u.getSoftLong(), u.getHardLong()))
                            .containsExactly("fsize", 2L << 30, 2L << 30))
                    .anySatisfy(u -> assertThat(List.of(u.getName(), u.getSoftLong(), u.getHardLong()))
                            .containsExactly("core", 0L, 0L));
            // policy network: per-user. The runner sits on a network of this orchestrator (its own, or a spare it
            // took, in the namespace of that spare's anchor) that holds nothing else, the orchestrator aside.
            String network = DockerSupport.runnerNetwork(c);
            Network net = env.docker().inspectNetworkCmd().withNetworkId(network).exec();
            assertThat(net.getLabels()).as("policy network: per-user").containsEntry(SlotLabels.INSTANCE, env.instance);
            assertThat(network).as("not the shared runner network").isNotEqualTo("ccx-" + env.instance);
            String holder = DockerSupport.networkHolder(c).getName().substring(1);
            assertThat(net.getContainers().values()).extracting(Network.ContainerNetworkConfig::getName)
                    .filteredOn(name -> name.startsWith("ccx-" + env.instance + "-"))
                    .containsExactly(holder);
            if (!holder.equals(names.slotName(id))) {
                assertThat(holder).as("an anchor is named after its spare network").isEqualTo(network);
                assertThat(env.docker().listContainersCmd().withShowAll(true).exec())
                        .filteredOn(other -> ("container:" + DockerSupport.networkHolder(c).getId())
                                .equals(other.getHostConfig().getNetworkMode()))
                        .as("containers in the anchor's namespace").extracting(other -> other.getNames()[0])
                        .containsExactly("/" + names.slotName(id));
            }
            assertThat(host.getBinds() == null ? List.of() : List.of(host.getBinds())).isEmpty();
            assertThat(c.getConfig().getUser()).isEqualTo("10001:10001");
            assertThat(host.getMounts()).extracting(Mount::getSource).noneMatch(s -> s.contains("docker.sock"));
            assertThat(String.join("\n", c.getConfig().getEnv())).doesNotContain(ItEnvironment.SERVICE_KEY)
                    .doesNotContain(ItEnvironment.ADMIN_KEY).doesNotContain(keyBody("ca.key"))
                    .doesNotContain(keyBody("orchestrator-client.key"));
        }
    }

    /** The first base64 line of a private key file in the orchestrator's state directory. */
    private static String keyBody(String file) throws Exception {
        String key = java.nio.file.Files.readString(state.resolve(file));
        String line = key.lines().skip(1).findFirst().orElseThrow();
        assertThat(line).hasSizeGreaterThan(20);
        return line;
    }

    @Test
    @Order(2)
    void twenty_concurrent_first_requests_for_one_user_create_one_container() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<HttpResponse<String>> call = () -> HTTP.send(HttpRequest.newBuilder(
                    URI.create(env.baseUrl() + "/v1/models")).header("Authorization", "Bearer "
                    + ItEnvironment.SERVICE_KEY).header("X-CCX-User", "carol").build(),
                    HttpResponse.BodyHandlers.ofString());
            futures.add(pool.submit(call));
        }
        for (Future<HttpResponse<String>> f : futures) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        pool.shutdown();
        String slot = names.slotName(new UserId("carol"));
        assertThat(env.runners()).filteredOn(c -> List.of(c.getNames()).contains("/" + slot)).hasSize(1);
    }

    @Test
    @Order(3)
    void a_runner_refuses_a_client_without_the_orchestrators_certificate() throws Exception {
        String ip = runnerIp("alice");
        URI health = URI.create("https://" + ip + ":8443/health");
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(ip, 8443), 5000); // reachable: a refusal below is the runner's doing
        }
        String aliceSlot = names.slotName(new UserId("alice"));
        SSLContext orchestrators = new RunnerTlsContexts(CertificateAuthority.loadOrCreate(state))
                .forPeers(peer -> aliceSlot);
        assertThat(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(orchestrators).build()
                .send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("with the orchestrator's certificate")
                .isEqualTo(200);
        assertThat(AnonymousTls.handshakeOverTls12(orchestrators, ip, 8443))
                .as("a TLS 1.2 handshake with the orchestrator's certificate").isNull();

        AnonymousTls anonymous = new AnonymousTls();
        Throwable refused = AnonymousTls.handshakeOverTls12(anonymous.context, ip, 8443);
        System.out.println("a client without the orchestrator's certificate got: " + refused);
        assertThat(anonymous.presented).as("the handshake reached the runner's certificate").singleElement()
                .satisfies(cert -> assertThat(cert.getSubjectX500Principal().getName()).contains(aliceSlot));
        // the runner refuses the handshake: an alert from its TLS terminator, or a cut connection
        assertThat(refused).as("the runner refuses the TLS handshake")
                .isInstanceOfAny(SSLHandshakeException.class, SocketException.class);
        HttpClient anonymousHttp = HttpClient.newBuilder().sslContext(anonymous.context)
                .connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> anonymousHttp.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString())).as("no HTTP answer over TLS 1.3 either")
                .isInstanceOf(java.io.IOException.class);
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8443/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    @Order(4)
    void the_orchestrator_refuses_a_runner_certificate_issued_for_a_different_slot() throws Exception {
        String aliceIp = runnerIp("alice");
        String bobSlot = names.slotName(new UserId("bob"));
        RunnerTlsContexts tls = new RunnerTlsContexts(CertificateAuthority.loadOrCreate(state));
        HttpClient expectingBob = HttpClient.newBuilder().sslContext(tls.forPeers(peer -> bobSlot)).build();
        assertThatThrownBy(() -> expectingBob.send(HttpRequest.newBuilder(URI.create("https://" + aliceIp + ":8443/health"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        String aliceSlot = names.slotName(new UserId("alice"));
        HttpClient expectingAlice = HttpClient.newBuilder().sslContext(tls.forPeers(peer -> aliceSlot)).build();
        assertThat(expectingAlice.send(HttpRequest.newBuilder(URI.create("https://" + aliceIp + ":8443/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void a_restarted_orchestrator_adopts_running_slots_and_serves_them() throws Exception {
        String bobBefore = env.docker().inspectContainerCmd(names.slotName(new UserId("bob"))).exec().getId();
        env.restart();
        JsonNode slots = JSON.readTree(admin("GET", "/admin/slots").body()).path("data");
        assertThat(slots).extracting(n -> n.path("user").asText()).contains("alice", "bob", "carol");
        HttpResponse<String> bob = chat("bob", claude("still here", false));
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
        assertThat(env.docker().inspectContainerCmd(names.slotName(new UserId("bob"))).exec().getId())
                .isEqualTo(bobBefore);
    }

    @Test
    @Order(6)
    void purge_removes_exactly_that_users_container_and_volumes_and_is_idempotent() throws Exception {
        JsonNode first = JSON.readTree(admin("DELETE", "/admin/users/bob").body());
        assertThat(first.path("existed").asBoolean()).isTrue();
        assertThat(first.path("volumes_removed")).hasSize(3);
        List<String> volumes = env.volumes().stream().map(v -> v.getName()).toList();
        String bobSlot = names.slotName(new UserId("bob"));
        assertThat(volumes).noneMatch(v -> v.startsWith(bobSlot));
        assertThat(volumes).anyMatch(v -> v.startsWith(names.slotName(new UserId("alice"))));
        assertThat(env.runners()).extracting(Container::getNames).noneMatch(n -> List.of(n).contains("/" + bobSlot));
        JsonNode second = JSON.readTree(admin("DELETE", "/admin/users/bob").body());
        assertThat(second.path("existed").asBoolean()).isFalse();
    }

    private static String runnerIp(String user) {
        InspectContainerResponse c = env.docker().inspectContainerCmd(names.slotName(new UserId(user))).exec();
        return DockerSupport.runnerEndpoint(c).getIpAddress();
    }
}
