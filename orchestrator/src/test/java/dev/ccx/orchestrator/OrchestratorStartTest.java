package dev.ccx.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.config.ConfigException;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad policy stops {@link Orchestrator#start} before it creates anything: no state, no listener, no Docker call. */
class OrchestratorStartTest {
    @TempDir
    Path dir;

    @Test
    void a_bad_policy_file_fails_the_start_before_any_state_listener_or_docker_call_exists() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), """
                runner: {memory: lots, seccomp: missing.json}
                limits: {max_timeout: forever}
                overrides:
                  - match: "acme-*"
                    runner: {network: host}
                """);
        Path state = dir.resolve("state");
        int port = freePort();
        AtomicInteger dockerCalls = new AtomicInteger();
        try (ServerSocketChannel docker = fakeDockerSocket(dir.resolve("docker.sock"), dockerCalls)) {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> Orchestrator.start(OrchestratorConfig.fromEnv(env(state, port, "policy.yaml"))));

            System.out.println("start refused with:\n  " + String.join("\n  ", e.problems()));
            assertThat(e.problems()).hasSize(4)
                    .anySatisfy(p -> assertThat(p).contains("runner.memory: "))
                    .anySatisfy(p -> assertThat(p).contains("runner.seccomp: cannot read missing.json"))
                    .anySatisfy(p -> assertThat(p).contains("limits.max_timeout: "))
                    .anySatisfy(p -> assertThat(p).contains("overrides[0].runner.network: "));
            assertThat(state).as("state directory (keys, CA)").doesNotExist();
            assertThat(dockerCalls).as("connections to the Docker API").hasValue(0);
            assertThat(portIsFree(port)).as("port %d never listened on", port).isTrue();
        }
    }

    @Test
    void duplicate_sections_in_a_policy_file_are_refused_instead_of_silently_overwritten() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), "runner: {memory: 2g}\nlimits: {}\nrunner: {pids: 100}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> Orchestrator.start(OrchestratorConfig.fromEnv(env(dir.resolve("state"), freePort(), "policy.yaml"))));

        assertThat(e.problems()).singleElement().asString().contains("Duplicate field 'runner'");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    private Map<String, String> env(Path state, int port, String policy) {
        Map<String, String> env = new HashMap<>();
        env.put("CCX_INSTANCE", "starttest");
        env.put("CCX_STATE_DIR", state.toString());
        env.put("CCX_LISTEN_HOST", "127.0.0.1");
        env.put("CCX_PORT", Integer.toString(port));
        env.put("CCX_POLICY_FILE", dir.resolve(policy).toString());
        env.put("CCX_DOCKER_HOST", "unix://" + dir.resolve("docker.sock"));
        env.put("CCX_SERVICE_KEYS", "start-test-service-key-0123456789");
        env.put("CCX_ADMIN_KEYS", "start-test-admin-key-0123456789");
        return env;
    }

    /** A Unix socket standing in for the Docker API that counts every connection made to it. */
    private static ServerSocketChannel fakeDockerSocket(Path path, AtomicInteger calls) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread accept = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel ignored = server.accept()) {
                    calls.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-docker-accept");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
