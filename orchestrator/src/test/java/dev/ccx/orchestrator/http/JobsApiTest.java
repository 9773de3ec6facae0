package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.InProcessAgents;
import dev.ccx.orchestrator.testing.TestPolicies;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job files through the real orchestrator app and the real runner agent (in this JVM, over mutual TLS). */
class JobsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            runner: {jobs_quota: 2g}
            overrides:
              - match: "tight"
                runner: {jobs_quota: 1m}
            """;
    @TempDir
    Path state;
    @TempDir
    Path volumes;
    AppHarness app;
    InProcessAgents agents;

    @BeforeEach
    void start() {
        agents = new InProcessAgents(volumes);
        app = new AppHarness(state, TestPolicies.parse(POLICY), 50, agents);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private Path jobsVolume(String user) {
        return agents.volume(app.names.volumeName(new UserId(user), VolumeKind.JOBS));
    }

    private HttpResponse<byte[]> call(String method, String path, String user, HttpRequest.BodyPublisher body,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = app.asService(path, user).method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return app.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void a_file_goes_up_and_comes_back_byte_exact_whole_and_in_ranges_through_the_orchestrator() throws Exception {
        byte[] content = random(3_000_000);
        String file = "/v1/jobs/talk-42/files/in/talk%20v1+final%25.bin";

        HttpResponse<byte[]> put = call("PUT", file, "alice", HttpRequest.BodyPublishers.ofByteArray(content));
        HttpResponse<byte[]> get = call("GET", file, "alice", HttpRequest.BodyPublishers.noBody());
        HttpResponse<byte[]> range = call("GET", file, "alice", HttpRequest.BodyPublishers.noBody(),
                "Range", "bytes=-10");
        HttpResponse<byte[]> unsatisfiable = call("GET", file, "alice", HttpRequest.BodyPublishers.noBody(),
                "Range", "bytes=3000000-");
        JsonNode listing = json(call("GET", "/v1/jobs/talk-42/files", "alice", HttpRequest.BodyPublishers.noBody()));

        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(json(put).path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(jobsVolume("alice").resolve("talk-42/in/talk v1+final%.bin")).hasBinaryContent(content);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.headers().firstValue("Content-Length")).contains("3000000");
        assertThat(get.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 2999990-2999999/3000000");
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 2_999_990, 3_000_000));
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).contains("bytes */3000000");
        assertThat(listing.path("files").path(0).path("path").asText()).isEqualTo("in/talk v1+final%.bin");
        assertThat(listing.path("files").path(0).path("size").asLong()).isEqualTo(3_000_000);
    }

    @Test
    void hostile_job_names_and_paths_are_refused_before_any_runner_is_started() throws Exception {
        List<String> hostile = List.of("/v1/jobs/j/files/%2e%2e/%2e%2e/etc/passwd", "/v1/jobs/j/files/a%2F..%2F..%2Fx",
                "/v1/jobs/j/files/x%00y", "/v1/jobs/j/files/a%5Cb", "/v1/jobs/j/files/%2Fetc%2Fpasswd",
                "/v1/jobs/J/files/x", "/v1/jobs/a..b/files/x", "/v1/jobs/..%2F..%2Fetc/files/x",
                "/v1/jobs/j/files/" + "x".repeat(1025));
        for (String path : hostile) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                HttpResponse<byte[]> r = call(method, path, "alice", HttpRequest.BodyPublishers.ofString("x"));
                assertThat(r.statusCode()).as(method + " " + path).isIn(400, 404);
            }
        }
        for (String raw : List.of("/v1/jobs/j/files/../../../etc/passwd", "/v1/jobs/j/files/a/%2e%2e/%2e%2e/x")) {
            assertThat(rawStatus(raw)).as(raw).isBetween(400, 499);
        }
        assertThat(app.backend.starts.get()).as("no runner was started").isZero();
    }

    private int rawStatus(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + AppHarness.SERVICE_KEY + "\r\nX-CCX-User: alice\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String line = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    @Test
    void an_upload_declaring_more_than_the_users_quota_is_refused_by_the_orchestrator_with_413() throws Exception {
        HttpResponse<byte[]> r = call("PUT", "/v1/jobs/j/files/big.bin", "tight",
                HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20]));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("quota_exceeded");
        assertThat(json(r).path("error").path("message").asText()).contains("1048576 bytes");
        assertThat(app.backend.starts.get()).as("no runner was started").isZero();
    }

    @Test
    void a_streamed_upload_over_the_quota_gets_the_runners_507_and_other_users_are_unaffected() throws Exception {
        byte[] big = random(1_500_000);

        HttpResponse<byte[]> tight = call("PUT", "/v1/jobs/j/files/big.bin", "tight",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        HttpResponse<byte[]> alice = call("PUT", "/v1/jobs/j/files/big.bin", "alice",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

        assertThat(tight.statusCode()).isEqualTo(507);
        assertThat(json(tight).path("error").path("code").asText()).isEqualTo("quota_exceeded");
        assertThat(Files.exists(jobsVolume("tight").resolve("j/big.bin"))).isFalse();
        assertThat(alice.statusCode()).isEqualTo(201);
        assertThat(jobsVolume("alice").resolve("j/big.bin")).hasBinaryContent(big);
    }

    @Test
    void an_upload_the_caller_abandons_leaves_no_file_behind_and_the_next_one_works() throws Exception {
        call("PUT", "/v1/jobs/j/files/warm-up", "alice", HttpRequest.BodyPublishers.ofString("x"));
        try (Socket socket = new Socket("127.0.0.1", app.uri("/").getPort())) {
            startUpload(socket, "/v1/jobs/j/files/partial.bin", 10_000_000, 1_000_000);
            Thread.sleep(300);
        }
        Path job = jobsVolume("alice").resolve("j");
        for (int i = 0; i < 100 && names(job).size() > 1; i++) {
            Thread.sleep(50);
        }

        assertThat(names(job)).containsExactly("warm-up");
        assertThat(call("PUT", "/v1/jobs/j/files/next", "alice", HttpRequest.BodyPublishers.ofString("y"))
                .statusCode()).isEqualTo(201);
    }

    @Test
    void an_upload_whose_body_ends_before_its_declared_length_is_answered_400_and_stores_nothing() throws Exception {
        call("PUT", "/v1/jobs/j/files/warm-up", "alice", HttpRequest.BodyPublishers.ofString("x"));
        String answer;
        try (Socket socket = new Socket("127.0.0.1", app.uri("/").getPort())) {
            socket.setSoTimeout(20_000);
            startUpload(socket, "/v1/jobs/j/files/short.bin", 5_000_000, 500_000);
            socket.shutdownOutput(); // the body ends here, 4.5 MB early; the caller still reads the answer
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"code\":\"upload_incomplete\"")
                .contains("nothing was stored");
        Path job = jobsVolume("alice").resolve("j");
        for (int i = 0; i < 100 && names(job).size() > 1; i++) {
            Thread.sleep(50);
        }
        assertThat(names(job)).containsExactly("warm-up");
        assertThat(app.slots.inFlightTotal()).isZero();
        assertThat(call("PUT", "/v1/jobs/j/files/next", "alice", HttpRequest.BodyPublishers.ofString("y"))
                .statusCode()).isEqualTo(201);
    }

    /** Alice's PUT of {@code path} declaring {@code declared} bytes, of which only {@code sent} are sent. */
    private static void startUpload(Socket socket, String path, long declared, int sent) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + AppHarness.SERVICE_KEY + "\r\nX-CCX-User: alice\r\nContent-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(random(sent));
        out.flush();
    }

    private static List<String> names(Path dir) throws Exception {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void jobs_are_listed_and_deleted_per_user() throws Exception {
        call("PUT", "/v1/jobs/shared-name/files/a.txt", "alice", HttpRequest.BodyPublishers.ofString("alice's"));
        call("PUT", "/v1/jobs/shared-name/files/a.txt", "bob", HttpRequest.BodyPublishers.ofString("bob's"));

        JsonNode deleted = json(call("DELETE", "/v1/jobs/shared-name", "alice", HttpRequest.BodyPublishers.noBody()));
        JsonNode aliceJobs = json(call("GET", "/v1/jobs", "alice", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<byte[]> bobFile = call("GET", "/v1/jobs/shared-name/files/a.txt", "bob",
                HttpRequest.BodyPublishers.noBody());

        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(aliceJobs.path("jobs")).isEmpty();
        assertThat(new String(bobFile.body(), StandardCharsets.UTF_8)).isEqualTo("bob's");
    }
}
