package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB file up and down through an orchestrator whose heap (64 MB) is smaller than the file, to a runner whose
 * whole container may use 128 MB (a policy override for this user; the agent's JVM is OOM-killed by its cgroup if it
 * ever holds the file): the orchestrator runs as its own JVM ({@link OrchestratorProcess}), the runner is the real
 * image in Docker, and the test makes and checks the data as a stream, hashing it at both ends.
 */
class JobsLargeFileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIZE = 200L << 20;
    private static final long HEAP_MIB = 64;
    private static final long RUNNER_MIB = 128;
    @TempDir
    static Path state;
    @TempDir
    static Path policyDir;
    @TempDir
    static Path logs;
    static ItEnvironment env;
    static OrchestratorProcess orchestrator;

    @BeforeAll
    static void start() throws IOException {
        Path policies = Images.repoRoot().resolve("policies");
        String policy = Files.readString(policies.resolve("default.yaml")).replace("overrides: []",
                "overrides:\n  - match: \"big\"\n    runner: {memory: " + RUNNER_MIB + "m}");
        assertThat(policy).contains("memory: " + RUNNER_MIB + "m");
        Files.writeString(policyDir.resolve("policy.yaml"), policy);
        Files.copy(policies.resolve("seccomp-runner.json"), policyDir.resolve("seccomp-runner.json"));
        env = ItEnvironment.withoutOrchestrator(state,
                Map.of("CCX_POLICY_FILE", policyDir.resolve("policy.yaml").toString()));
        orchestrator = OrchestratorProcess.start(env, logs, List.of("-Xmx" + HEAP_MIB + "m", "-XX:+UseSerialGC"));
    }

    @AfterAll
    static void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (env != null) {
            env.close();
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", "big");
    }

    @Test
    void a_200_mb_file_round_trips_with_matching_sha256_through_a_64_mb_orchestrator_heap_and_a_128_mb_runner()
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        http.send(request("/v1/jobs").build(), HttpResponse.BodyHandlers.ofString()); // start the runner first
        SeededBytes data = new SeededBytes(20261122L, SIZE);

        long upStart = System.nanoTime();
        HttpResponse<String> put = http.send(request("/v1/jobs/media/files/talk.mp4")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> data),
                        SIZE)).build(), HttpResponse.BodyHandlers.ofString());
        long upMillis = (System.nanoTime() - upStart) / 1_000_000;
        String sent = data.sha256();

        long downStart = System.nanoTime();
        HttpResponse<InputStream> get = http.send(request("/v1/jobs/media/files/talk.mp4").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest sha = SeededBytes.newDigest();
        long received = 0;
        try (InputStream in = get.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
                received += n;
            }
        }
        long downMillis = (System.nanoTime() - downStart) / 1_000_000;
        long heap = orchestrator.maxHeapBeforeGcMiB();
        long rss = orchestrator.peakRssMiB();
        InspectContainerResponse runner = env.docker().inspectContainerCmd(env.runners().get(0).getId()).exec();
        System.out.printf("JOBS-LARGE-FILE: %d MiB up %d ms (%.0f MiB/s), down %d ms (%.0f MiB/s); orchestrator -Xmx%dm:"
                        + " max heap before GC %d MiB over %d collections, peak RSS %d MiB; runner limit %d MiB%n",
                SIZE >> 20, upMillis, (SIZE >> 20) * 1000.0 / upMillis, downMillis,
                (SIZE >> 20) * 1000.0 / downMillis, HEAP_MIB, heap, orchestrator.collections(), rss,
                runner.getHostConfig().getMemory() >> 20);

        assertThat(put.statusCode()).as(put.body() + "\n" + orchestrator.logTail()).isEqualTo(201);
        JsonNode stored = JSON.readTree(put.body());
        assertThat(stored.path("size").asLong()).isEqualTo(SIZE);
        assertThat(stored.path("sha256").asText()).as("the runner's hash of what it stored").isEqualTo(sent);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Length")).contains(Long.toString(SIZE));
        assertThat(received).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(sha.digest())).as("the hash of what came back").isEqualTo(sent);
        assertThat(orchestrator.alive()).as("the orchestrator (exits on OutOfMemoryError) survived its small heap")
                .isTrue();
        assertThat(runner.getHostConfig().getMemory()).as("the runner's memory limit").isEqualTo(RUNNER_MIB << 20);
        assertThat(runner.getState().getOOMKilled()).as("the runner was never OOM-killed").isFalse();
        assertThat(runner.getRestartCount()).isZero();
        assertThat(env.runners()).as("still the one runner it started with").hasSize(1)
                .allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    }
}
