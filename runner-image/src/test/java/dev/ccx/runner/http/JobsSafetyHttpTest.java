package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.FilesClient;
import dev.ccx.runner.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile paths and symbolic links planted the way an agent would plant them: nothing outside the jobs volume (or
 * in another job, through a link) is ever read, written, listed or deleted.
 */
class JobsSafetyHttpTest {

    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private AgentServer server;
    private FilesClient client;
    private Path jobs;
    private Path outside;

    @BeforeEach
    void start() throws Exception {
        TestConfig config = TestConfig.in(dir);
        server = AgentServer.start(config.build());
        client = new FilesClient(server.port());
        jobs = config.jobs();
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside secret");
        Files.createDirectories(jobs.resolve("victim"));
        Files.writeString(jobs.resolve("victim/secret.txt"), "victim secret");
        Files.createDirectories(jobs.resolve("attack"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void traversal_absolute_nul_and_encoded_tricks_are_refused_for_every_method() throws Exception {
        List<String> hostile = List.of(
                "/v1/jobs/attack/files/../../outside/secret.txt",
                "/v1/jobs/attack/files/%2e%2e/%2e%2e/outside/secret.txt",
                "/v1/jobs/attack/files/a%2F..%2F..%2F..%2Foutside%2Fsecret.txt",
                "/v1/jobs/attack/files/%2Fetc%2Fpasswd",
                "/v1/jobs/attack/files//etc/passwd",
                "/v1/jobs/attack/files/x%00.txt",
                "/v1/jobs/attack/files/..%5C..%5Coutside",
                "/v1/jobs/attack/files/./x",
                "/v1/jobs/attack/files/a//b",
                "/v1/jobs/attack/files/%ff%fe",
                "/v1/jobs/attack/files/%zz",
                "/v1/jobs/attack/files/" + "n".repeat(256),
                "/v1/jobs/attack/files/" + "d/".repeat(64) + "x",
                "/v1/jobs/../files/outside",
                "/v1/jobs/%2e%2e/files/x",
                "/v1/jobs/Attack/files/x",
                "/v1/jobs/a..b/files/x",
                "/v1/jobs/.hidden/files/x");
        for (String path : hostile) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                int status = client.rawStatus(method, path);
                assertThat(status).as(method + " " + path).isIn(400, 404);
            }
        }
        assertThat(client.get("/v1/jobs/attack/files/%2e%2e/%2e%2e/outside/secret.txt").code())
                .isEqualTo("invalid_path");
        assertThat(client.put("/v1/jobs/attack/files/.ccx-upload-0123", PAYLOAD).code())
                .as("the agent's temporary names are reserved").isEqualTo("invalid_path");
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
        try (var stream = Files.list(outside)) {
            assertThat(stream.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(client.get("/v1/jobs/attack/files").json().path("files")).isEmpty();
    }

    @Test
    void a_name_of_255_bytes_is_fine() throws Exception {
        String name = "é".repeat(127) + "x";
        String encoded = "%C3%A9".repeat(127) + "x";

        assertThat(client.put("/v1/jobs/attack/files/" + encoded, PAYLOAD).status()).isEqualTo(201);
        assertThat(jobs.resolve("attack").resolve(name)).hasBinaryContent(PAYLOAD);
    }

    @Test
    void a_link_to_a_file_outside_is_never_read_written_through_or_listed_and_deleting_removes_only_the_link()
            throws Exception {
        Files.createSymbolicLink(jobs.resolve("attack/leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(jobs.resolve("attack/passwd"), Path.of("/etc/passwd"));

        assertRefused(client.get("/v1/jobs/attack/files/leak.txt"), "outside secret");
        assertRefused(client.get("/v1/jobs/attack/files/passwd"), "root:");
        assertRefused(client.get("/v1/jobs/attack/files/passwd", "Range", "bytes=0-10"), "root:");
        assertRefused(client.put("/v1/jobs/attack/files/leak.txt", PAYLOAD), "outside secret");
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
        assertThat(client.get("/v1/jobs/attack/files").json().path("files")).isEmpty();
        assertThat(client.delete("/v1/jobs/attack/files/leak.txt").json().path("deleted").asBoolean()).isTrue();
        assertThat(jobs.resolve("attack/leak.txt")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
    }

    @Test
    void a_link_to_another_jobs_file_or_directory_is_not_followed() throws Exception {
        Files.createSymbolicLink(jobs.resolve("attack/other.txt"), Path.of("../victim/secret.txt"));
        Files.createSymbolicLink(jobs.resolve("attack/peer"), Path.of("../victim"));

        assertRefused(client.get("/v1/jobs/attack/files/other.txt"), "victim secret");
        assertRefused(client.get("/v1/jobs/attack/files/peer/secret.txt"), "victim secret");
        assertRefused(client.put("/v1/jobs/attack/files/other.txt", PAYLOAD), "victim secret");
        assertRefused(client.put("/v1/jobs/attack/files/peer/new.txt", PAYLOAD), "victim secret");
        assertRefused(client.delete("/v1/jobs/attack/files/peer/secret.txt"), "victim secret");

        assertThat(jobs.resolve("victim/secret.txt")).hasContent("victim secret");
        assertThat(jobs.resolve("victim/new.txt")).doesNotExist();
        assertThat(client.get("/v1/jobs/attack/files").json().path("files")).isEmpty();
    }

    @Test
    void a_symlinked_parent_directory_is_refused_on_read_write_list_and_delete() throws Exception {
        Files.createSymbolicLink(jobs.resolve("attack/linkdir"), outside);
        Files.createDirectories(jobs.resolve("attack/real"));
        Files.createSymbolicLink(jobs.resolve("attack/real/up"), outside);

        assertRefused(client.get("/v1/jobs/attack/files/linkdir/secret.txt"), "outside secret");
        assertRefused(client.get("/v1/jobs/attack/files/real/up/secret.txt"), "outside secret");
        assertRefused(client.put("/v1/jobs/attack/files/linkdir/new.txt", PAYLOAD), "");
        assertRefused(client.put("/v1/jobs/attack/files/linkdir/sub/new.txt", PAYLOAD), "");
        assertRefused(client.delete("/v1/jobs/attack/files/linkdir/secret.txt"), "");

        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("sub")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
        assertThat(client.get("/v1/jobs/attack/files").json().path("files")).isEmpty();
    }

    @Test
    void a_job_that_is_itself_a_link_is_refused_and_deleting_it_removes_only_the_link() throws Exception {
        Files.createSymbolicLink(jobs.resolve("evil"), outside);
        Files.createSymbolicLink(jobs.resolve("alias"), jobs.resolve("victim"));

        assertRefused(client.get("/v1/jobs/evil/files"), "secret.txt");
        assertRefused(client.get("/v1/jobs/evil/files/secret.txt"), "outside secret");
        assertRefused(client.get("/v1/jobs/alias/files/secret.txt"), "victim secret");
        assertRefused(client.put("/v1/jobs/evil/files/new.txt", PAYLOAD), "");
        assertThat(client.get("/v1/jobs").json().path("jobs")).extracting(j -> j.path("job").asText())
                .containsExactly("attack", "victim");

        assertThat(client.delete("/v1/jobs/evil").json().path("deleted").asBoolean()).isTrue();
        assertThat(jobs.resolve("evil")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void deleting_a_job_full_of_links_removes_the_links_and_never_their_targets() throws Exception {
        Files.createDirectories(jobs.resolve("attack/sub/deeper"));
        Files.writeString(jobs.resolve("attack/sub/deeper/own.txt"), "own");
        Files.createSymbolicLink(jobs.resolve("attack/sub/out"), outside);
        Files.createSymbolicLink(jobs.resolve("attack/sub/deeper/victim"), jobs.resolve("victim"));
        Files.createSymbolicLink(jobs.resolve("attack/file"), outside.resolve("secret.txt"));

        assertThat(client.delete("/v1/jobs/attack").json().path("deleted").asBoolean()).isTrue();

        assertThat(jobs.resolve("attack")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("outside secret");
        assertThat(jobs.resolve("victim/secret.txt")).hasContent("victim secret");
    }

    private static void assertRefused(FilesClient.Reply reply, String mustNotContain) {
        assertThat(reply.status()).as(reply.text()).isIn(400, 404);
        assertThat(reply.code()).isIn("invalid_path", "not_found");
        if (!mustNotContain.isEmpty()) {
            assertThat(reply.text()).doesNotContain(mustNotContain);
        }
    }
}
