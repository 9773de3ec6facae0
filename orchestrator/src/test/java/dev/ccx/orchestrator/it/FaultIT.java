package dev.ccx.orchestrator.it;

import static dev.ccx.orchestrator.it.ItCalls.chatBody;
import static dev.ccx.orchestrator.it.ItCalls.code;
import static dev.ccx.orchestrator.it.ItCalls.content;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #5's faults on real Docker with the real CLIs: a runner killed mid-stream, the orchestrator restarted
 * mid-stream, the Docker engine going away and coming back, a purge during a running request, a full jobs volume.
 * Each ends in a clean error for the affected request, leaves no orphaned container and no lost data, and the next
 * request heals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
    static final String SLOW = "@fake stream 30 500\n@fake reply " + "word ".repeat(30).strip();
    @TempDir
    static Path state;
    @TempDir
    static Path policyDir;
    @TempDir
    static Path sockets;
    static DockerOutage engine;
    static ItEnvironment env;
    static ItCalls api;
    static SlotNames names;
    static Fixtures fixtures;

    @BeforeAll
    static void start() throws Exception {
        Path policies = Images.repoRoot().resolve("policies");
        Files.writeString(policyDir.resolve("policy.yaml"), Files.readString(policies.resolve("default.yaml"))
                .replace("jobs_quota: 2g", "jobs_quota: 16m"));
        Files.copy(policies.resolve("seccomp-runner.json"), policyDir.resolve("seccomp-runner.json"));
        DockerSupport.docker();
        engine = DockerOutage.start(sockets.resolve("docker.sock"), Path.of("/var/run/docker.sock"));
        env = new ItEnvironment(state, Map.of("CCX_POLICY_FILE", policyDir.resolve("policy.yaml").toString(),
                "CCX_DOCKER_HOST", engine.dockerHost(), "CCX_SHUTDOWN_GRACE", "1s"));
        api = new ItCalls(env::baseUrl);
        names = new SlotNames(env.instance);
        fixtures = Fixtures.plant(env, api, names, List.of("alice", "bob"));
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void killing_a_runner_mid_stream_ends_the_stream_cleanly_and_the_next_request_starts_it_again() throws Exception {
        InputStream stream = openSlowStream("alice");

        env.docker().killContainerCmd(names.slotName(new UserId("alice"))).exec();
        String rest = new String(stream.readAllBytes(), StandardCharsets.UTF_8);

        System.out.println("runner killed; the stream ended with: "
                + rest.lines().filter(l -> l.contains("error")).findFirst().orElse(rest));
        assertThat(rest).contains("\"code\":\"runner_failed\"").endsWith("data: [DONE]\n\n");
        assertHealed("alice");
        fixtures.assertIntact();
    }

    @Test
    @Order(2)
    void restarting_the_orchestrator_mid_stream_ends_the_stream_cleanly_and_the_new_one_adopts_the_runner()
            throws Exception {
        String container = fixtures.containerId("alice");
        InputStream stream = openSlowStream("alice");

        long t0 = System.nanoTime();
        env.restart();
        String rest = new String(stream.readAllBytes(), StandardCharsets.UTF_8);

        System.out.printf("restart took %d ms; the client read: %s%n", (System.nanoTime() - t0) / 1_000_000,
                rest.lines().filter(l -> l.contains("error")).findFirst().orElse(rest));
        assertThat(rest).contains("\"code\":\"shutting_down\"").endsWith("data: [DONE]\n\n");
        fixtures.awaitNoCliProcess("alice");
        assertHealed("alice");
        assertThat(fixtures.containerId("alice")).as("the runner was adopted, not replaced").isEqualTo(container);
        fixtures.assertIntact();
    }

    @Test
    @Order(3)
    void a_docker_engine_outage_fails_requests_cleanly_and_the_first_request_after_it_heals() throws Exception {
        String aliceBefore = fixtures.containerId("alice");
        InputStream stream = openSlowStream("alice");

        engine.engineDown();
        for (String user : List.of("alice", "bob")) { // an engine stop takes its containers down
            env.docker().killContainerCmd(names.slotName(new UserId(user))).exec();
        }
        String rest = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        HttpResponse<String> during = api.chat("bob", chatBody("sonnet", "@fake reply during the outage"));
        HttpResponse<String> ready = api.user("GET", "bob", "/ready", null);
        engine.engineUp();

        System.out.printf("during the outage: stream [%s], bob %d %s (Retry-After %s), /ready %d%n",
                rest.lines().filter(l -> l.contains("error")).findFirst().orElse(rest), during.statusCode(),
                code(during), during.headers().firstValue("Retry-After").orElse("-"), ready.statusCode());
        assertThat(rest).contains("\"code\":\"runner_failed\"").endsWith("data: [DONE]\n\n");
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(code(during)).isEqualTo("slot_start_failed");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(ready.statusCode()).isEqualTo(503);
        assertHealed("bob");
        assertHealed("alice");
        assertThat(fixtures.containerId("alice")).as("restarted, not recreated").isEqualTo(aliceBefore);
        assertThat(api.user("GET", "bob", "/ready", null).statusCode()).isEqualTo(200);
        fixtures.assertIntact();
    }

    @Test
    @Order(4)
    void purging_a_user_during_a_running_request_ends_it_cleanly_and_touches_no_one_else() throws Exception {
        InputStream stream = openSlowStream("alice");

        HttpResponse<String> purge = api.admin("DELETE", "/admin/users/alice");
        String rest = new String(stream.readAllBytes(), StandardCharsets.UTF_8);

        System.out.println("purge: " + purge.body() + "; the stream ended with: "
                + rest.lines().filter(l -> l.contains("error")).findFirst().orElse(rest));
        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(200);
        assertThat(ItCalls.json(purge).path("existed").asBoolean()).isTrue();
        assertThat(ItCalls.json(purge).path("volumes_removed")).hasSize(3);
        assertThat(rest).contains("\"code\":\"runner_failed\"").endsWith("data: [DONE]\n\n");
        fixtures.forget("alice");
        fixtures.assertIntact();
        assertHealed("alice");
        fixtures.plantFor("alice");
        fixtures.assertIntact();
    }

    @Test
    @Order(5)
    void a_full_jobs_volume_refuses_further_writes_cleanly_keeps_every_file_and_heals_after_a_delete()
            throws Exception {
        int stored = 0;
        HttpResponse<String> upload;
        do {
            upload = api.user("PUT", "alice", "/v1/jobs/fill/files/part" + stored + ".bin", new byte[4 << 20]);
        } while (upload.statusCode() == 201 && ++stored < 10);
        HttpResponse<String> run = api.chat("alice", ItCalls.agentBody(false, "fill",
                "@fake bash head -c 8388608 /dev/zero > more.bin && echo wrote"));
        HttpResponse<String> bobUpload = api.user("PUT", "bob", "/v1/jobs/other/files/a.bin", new byte[1 << 20]);

        System.out.printf("%d uploads of 4 MiB fit a 16 MiB quota; the next: %d %s; an agent writing 8 MiB more: %d %s%n",
                stored, upload.statusCode(), code(upload), run.statusCode(), code(run));
        assertThat(upload.statusCode()).as(upload.body()).isIn(413, 507);
        assertThat(code(upload)).isEqualTo("quota_exceeded");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(507);
        assertThat(code(run)).isEqualTo("quota_exceeded");
        assertThat(bobUpload.statusCode()).as("bob is not affected").isEqualTo(201);
        fixtures.assertIntact();

        assertThat(api.user("DELETE", "alice", "/v1/jobs/fill", null).statusCode()).isEqualTo(200);
        assertThat(api.user("PUT", "alice", "/v1/jobs/fill/files/again.bin", new byte[1 << 20]).statusCode())
                .isEqualTo(201);
        assertHealed("alice");
        fixtures.assertIntact();
    }

    /** Starts a 15-second stream for {@code user} and returns its body after the first chunk has arrived. */
    private static InputStream openSlowStream(String user) throws IOException {
        HttpResponse<InputStream> response = api.stream(user, chatBody("sonnet", SLOW));
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        assertThat(new String(body.readNBytes(20), StandardCharsets.UTF_8)).startsWith("data:");
        return body;
    }

    /** The user's next request is answered by their runner. */
    private static void assertHealed(String user) {
        HttpResponse<String> next = api.chat(user, chatBody("sonnet", "@fake reply healed for " + user));
        assertThat(next.statusCode()).as(user + ": " + next.body()).isEqualTo(200);
        assertThat(content(next)).isEqualTo("healed for " + user);
    }
}
