package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's path, as CI runs it: compose builds both images and brings the stack up from the repository's
 * compose file (under image tags of this test's own, on the layer cache the other tests filled), a user's request
 * (plain and streamed) goes through to a runner whose CLIs talk to the fake model, the user is purged, and compose
 * takes the stack down with nothing left behind. The one test-only setting (the fake model's key for Codex) comes
 * from a second compose file, as an operator would add one.
 */
class ComposeSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path overrides;

    @Test
    void the_compose_stack_serves_streams_purges_and_leaves_nothing_behind() throws Exception {
        Images.runner();
        Images.orchestrator();
        String project = "ccxsmoke" + Long.toHexString(System.nanoTime() & 0xfffffL);
        String instance = project;
        int port = freePort();
        Files.writeString(overrides.resolve("test.yml"), """
                version: "3.8"
                services:
                  orchestrator:
                    environment:
                      CCX_RUNNER_ENV_FAKE_KEY: smoke-key
                """);
        try (FakeModelServer model = FakeModelServer.start(0, "0.0.0.0")) {
            Map<String, String> env = composeEnv(instance, port, model.port());
            try {
                compose(env, project, "up", "-d", "--build");
                awaitHealthy(port);
                String serviceKey = compose(env, project, "exec", "-T", "orchestrator", "cat",
                        "/var/lib/ccx/service.key").trim();
                String adminKey = compose(env, project, "exec", "-T", "orchestrator", "cat",
                        "/var/lib/ccx/admin.key").trim();
                assertThat(serviceKey).startsWith("ccx_svc_");

                HttpResponse<String> plain = chat(port, serviceKey, "smoke-alice", false, "hello compose");
                assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
                assertThat(JSON.readTree(plain.body()).path("choices").path(0).path("message").path("content")
                        .asText()).contains("hello compose");

                HttpResponse<String> streamed = chat(port, serviceKey, "smoke-alice", true,
                        "@fake stream 3 100\n@fake reply streamed over compose");
                assertThat(streamed.statusCode()).isEqualTo(200);
                assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                assertThat(streamed.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
                assertThat(deltas(streamed.body())).contains("streamed over compose");

                HttpResponse<String> purge = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/users/smoke-alice"))
                        .header("Authorization", "Bearer " + adminKey).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(JSON.readTree(purge.body()).path("existed").asBoolean()).isTrue();
            } finally {
                compose(env, project, "down", "-v", "--remove-orphans", "--rmi", "all");
            }
            assertNothingLeft(project, instance, env);
        }
    }

    private static Map<String, String> composeEnv(String instance, int port, int modelPort) {
        String base = "http://host.docker.internal:" + modelPort;
        Map<String, String> env = new HashMap<>();
        env.put("CCX_INSTANCE", instance);
        env.put("CCX_PUBLISHED_PORT", Integer.toString(port));
        env.put("CCX_RUNNER_NETWORK", "ccx-" + instance);
        env.put("CCX_RUNNER_EXTRA_HOSTS", "host.docker.internal:host-gateway");
        env.put("CCX_RUNNER_ENV_ANTHROPIC_BASE_URL", base);
        env.put("CCX_RUNNER_ENV_ANTHROPIC_API_KEY", "smoke-key");
        env.put("CCX_RUNNER_ENV_CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("CCX_RUNNER_IMAGE", "ccx-runner:" + instance);
        env.put("CCX_ORCHESTRATOR_IMAGE", "ccx-orchestrator:" + instance);
        String extraCa = System.getenv("CCX_EXTRA_CA_PEM");
        if (extraCa != null && Files.isRegularFile(Path.of(extraCa))) {
            env.put("CCX_BUILD_EXTRA_CA_PEM", Images.read(Path.of(extraCa)));
        }
        env.put("CCX_CODEX_CONFIG", "[\"model_provider=\\\"fake\\\"\",\"model_providers.fake.name=\\\"fake\\\"\","
                + "\"model_providers.fake.base_url=\\\"" + base + "/v1\\\"\","
                + "\"model_providers.fake.wire_api=\\\"responses\\\"\","
                + "\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\"]");
        return env;
    }

    private static HttpResponse<String> chat(int port, String key, String user, boolean stream, String prompt)
            throws Exception {
        String body = "{\"model\":\"sonnet\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.valueToTree(prompt) + "}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("X-CCX-User", user)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String deltas(String sse) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = JSON.readTree(line.substring(6));
                text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    private static void awaitHealthy(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the compose stack did not become ready on port " + port);
    }

    private static void assertNothingLeft(String project, String instance, Map<String, String> env) {
        Path root = Images.repoRoot();
        String containers = Images.run(root, true, "docker", "ps", "-a", "--format", "{{.Names}}",
                "--filter", "label=" + SlotLabels.INSTANCE + "=" + instance);
        String composeContainers = Images.run(root, true, "docker", "ps", "-a", "--format", "{{.Names}}",
                "--filter", "label=com.docker.compose.project=" + project);
        String volumes = Images.run(root, true, "docker", "volume", "ls", "--format", "{{.Name}}");
        String networks = Images.run(root, true, "docker", "network", "ls", "--format", "{{.Name}}");
        assertThat(containers.trim()).isEmpty();
        assertThat(composeContainers.trim()).isEmpty();
        assertThat(volumes.lines()).noneMatch(v -> v.startsWith(project) || v.startsWith("ccx-" + instance));
        assertThat(networks.lines()).noneMatch(n -> n.startsWith(project) || n.startsWith("ccx-" + instance));
        String images = Images.run(root, true, "docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.lines()).as("the images compose built under this test's tags")
                .doesNotContain(env.get("CCX_RUNNER_IMAGE"), env.get("CCX_ORCHESTRATOR_IMAGE"));
    }

    /** Runs docker-compose (1.29, as on these machines) or else `docker compose` (v2) on the repository's file. */
    private static String compose(Map<String, String> env, String project, String... args) {
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-f", "compose/docker-compose.yml", "-f", overrides.resolve("test.yml").toString(),
                "-p", project));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("ccx-compose", ".out");
            Path err = Files.createTempFile("ccx-compose", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Images.repoRoot().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            int exit = builder.start().waitFor();
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit " + exit + ":\n" + stdout
                        + stderr);
            }
            return stdout;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> composeCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
                return List.of("docker-compose");
            }
        }
        return List.of("docker", "compose");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
