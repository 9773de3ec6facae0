package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotView;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.InProcessAgents;
import dev.ccx.orchestrator.testing.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #5's bad input, end to end over raw HTTP against the real app and the real runner agent (in this JVM, over
 * mutual TLS): hostile user ids, paths, model names, malformed and wrong-typed JSON, oversized requests. Every one
 * gets a 4xx with a clear JSON message and no stack trace, never a 5xx, and bob's slot and files stay exactly as
 * they were. (Job-path validation in detail: {@link JobsApiTest}; single fields: {@code ChatPolicyTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    AppHarness app;
    InProcessAgents agents;
    Map<String, Object> bobBefore;

    @BeforeAll
    void start() throws Exception {
        agents = new InProcessAgents(dir.resolve("volumes"));
        app = new AppHarness(dir.resolve("state"), agents, Map.of());
        for (String user : List.of("bob", "alice")) {
            HttpResponse<String> put = app.send(app.asService("/v1/jobs/notes/files/plan.txt", user)
                    .PUT(HttpRequest.BodyPublishers.ofString(user + "'s plan")));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        }
        bobBefore = bobState();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    Stream<Arguments> hostileRequests() {
        String bobVolume = app.names.volumeName(new UserId("bob"), VolumeKind.JOBS);
        return Stream.of(HostileRequests.userIds(), HostileRequests.paths(bobVolume), HostileRequests.models(),
                HostileRequests.bodies()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void every_hostile_request_gets_a_4xx_with_a_clear_message_and_leaves_bob_untouched(String name, String as,
            HostileRequests.Request request) throws Exception {
        RawHttp.Response r = send(as, request);

        assertRefused(name, r);
        assertBobUntouched();
    }

    @Test
    void two_hundred_generated_ids_outside_the_grammar_are_each_refused_with_400_and_create_no_slot() throws Exception {
        List<String> ids = HostileRequests.generatedIds(200, 5L);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String id : ids) {
            RawHttp.Response r = send("service", HostileRequests.Request.get("/v1/models", Map.of("X-CCX-User", id)));
            statuses.merge(r.status(), 1, Integer::sum);
            assertRefused("id " + HostileRequests.printable(id), r);
        }
        System.out.println("generated hostile ids: " + ids.size() + ", statuses " + statuses + ", e.g. "
                + ids.stream().limit(5).map(HostileRequests::printable).toList());
        assertBobUntouched();
    }

    @Test
    void token_subjects_that_are_not_valid_ids_are_refused() throws Exception {
        for (String subject : List.of("../bob", "bob\u0000", "\uff42\uff4f\uff42", "", "x".repeat(200))) {
            String token = Jwts.hs256(AppHarness.JWT_SECRET, subject, 300);
            RawHttp.Response r = RawHttp.send(port(), "GET", "/v1/models", Map.of("Authorization", "Bearer " + token),
                    new byte[0]);
            assertRefused("sub " + HostileRequests.printable(subject), r);
        }
        assertBobUntouched();
    }

    @Test
    void ids_that_look_reserved_are_ordinary_users_and_gain_no_role() throws Exception {
        for (String id : List.of("admin", "root", "administrator", "system", "ccx")) {
            HttpResponse<String> own = app.send(app.asService("/v1/models", id));
            HttpResponse<String> admin = app.send(app.asService("/admin/slots", id));
            assertThat(own.statusCode()).as(id).isEqualTo(200);
            assertThat(admin.statusCode()).as(id + " on the admin API").isEqualTo(403);
            assertThat(app.names.slotName(new UserId(id))).as("slot name").startsWith("ccx-").contains(id + "-")
                    .isNotEqualTo(id);
        }
        assertBobUntouched();
    }

    @Test
    void a_symlink_alice_plants_towards_bobs_file_is_not_followed() throws Exception {
        Path aliceJobs = agents.volume(app.names.volumeName(new UserId("alice"), VolumeKind.JOBS));
        Path bobFile = agents.volume(app.names.volumeName(new UserId("bob"), VolumeKind.JOBS)).resolve("notes/plan.txt");
        Files.createSymbolicLink(aliceJobs.resolve("notes/steal.txt"), bobFile);
        Files.createSymbolicLink(aliceJobs.resolve("bobs"), bobFile.getParent().getParent());

        for (String target : List.of("/v1/jobs/notes/files/steal.txt", "/v1/jobs/bobs/files/notes/plan.txt")) {
            RawHttp.Response get = send("service", HostileRequests.Request.get(target, Map.of("X-CCX-User", "alice")));
            RawHttp.Response put = send("service", new HostileRequests.Request("PUT", target,
                    Map.of("X-CCX-User", "alice"), "overwritten".getBytes(StandardCharsets.UTF_8)));
            assertRefused("GET " + target, get);
            assertThat(get.body()).doesNotContain("bob's plan");
            assertThat(put.status()).as("PUT " + target).isNotEqualTo(500);
        }
        assertThat(Files.readString(bobFile)).isEqualTo("bob's plan");
        assertBobUntouched();
    }

    @Test
    void oversized_requests_are_refused_with_413_414_or_431() throws Exception {
        HttpResponse<String> body = app.send(app.asService(HostileRequests.CHAT, "alice").POST(
                HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "x".repeat(17 << 20) + "\"}]}")));
        RawHttp.Response target = send("service", HostileRequests.Request.get("/v1/models?" + "q".repeat(70_000),
                Map.of("X-CCX-User", "alice")));
        RawHttp.Response header = send("service", HostileRequests.Request.get("/v1/models",
                Map.of("X-CCX-User", "alice", "X-Padding", "p".repeat(70_000))));

        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(body.body()).path("error").path("code").asText()).isEqualTo("body_too_large");
        assertRefused("70 kB target", target);
        assertRefused("70 kB header", header);
        assertThat(List.of(target.status(), header.status())).allMatch(s -> s == 414 || s == 431 || s == 400);
        assertBobUntouched();
    }

    private RawHttp.Response send(String as, HostileRequests.Request request) throws Exception {
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put("Authorization", "Bearer " + ("admin".equals(as) ? AppHarness.ADMIN_KEY : AppHarness.SERVICE_KEY));
        if (request.body().length > 0) {
            headers.putIfAbsent("Content-Type", "application/json");
        }
        return RawHttp.send(port(), request.method(), request.target(), headers, request.body());
    }

    private int port() {
        return app.uri("/").getPort();
    }

    /** A 4xx whose body is the JSON error shape with a message, and nothing that looks like a stack trace. */
    private static void assertRefused(String what, RawHttp.Response r) throws Exception {
        assertThat(r.status()).as(what + " -> " + r.body()).isBetween(400, 499);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("message").asText()).as(what + " message in " + r.status() + " " + r.body()).isNotBlank();
        assertThat(r.body()).as(what).doesNotContain("Exception", "\tat ", "at dev.ccx", "org.eclipse");
    }

    /** Bob's slot (state, container) and every file in his jobs volume, as they were before the attacks. */
    private void assertBobUntouched() throws Exception {
        assertThat(bobState()).isEqualTo(bobBefore);
        assertThat(app.slots.list()).extracting(SlotView::user).isSubsetOf("alice", "bob", "admin", "root",
                "administrator", "system", "ccx");
    }

    private Map<String, Object> bobState() throws Exception {
        Map<String, Object> state = new TreeMap<>();
        SlotView bob = app.slots.find(new UserId("bob")).orElseThrow();
        state.put("slot", bob.state() + " " + bob.containerId());
        state.put("volumes", app.backend.volumes.stream().filter(v -> v.contains("-bob-")).sorted().toList());
        Path jobs = agents.volume(app.names.volumeName(new UserId("bob"), VolumeKind.JOBS));
        try (Stream<Path> files = Files.walk(jobs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                state.put(jobs.relativize(file).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return state;
    }
}
