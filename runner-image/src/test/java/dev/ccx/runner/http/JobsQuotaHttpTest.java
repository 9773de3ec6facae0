package dev.ccx.runner.http;

import static dev.ccx.runner.http.JobsHttpTest.leftovers;
import static dev.ccx.runner.http.JobsHttpTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.FilesClient;
import dev.ccx.runner.testing.TestConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs quota ({@code CCX_JOBS_QUOTA_BYTES}) on uploads: 413 up front, 507 mid-stream, nothing left behind.
 * Usage is what the volumes occupy on disk (blocks, at least 4 KiB an entry), as the jobs watchdog measures it.
 */
class JobsQuotaHttpTest {

    private static final int QUOTA = 1 << 20;

    @TempDir
    Path dir;

    private AgentServer server;
    private FilesClient client;
    private Path jobs;

    @BeforeEach
    void start() throws Exception {
        TestConfig config = TestConfig.in(dir).with("CCX_JOBS_QUOTA_BYTES", Integer.toString(QUOTA));
        server = AgentServer.start(config.build());
        client = new FilesClient(server.port());
        jobs = config.jobs();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void an_upload_that_declares_more_than_the_quota_is_refused_up_front_with_413_naming_the_quota()
            throws Exception {
        FilesClient.Reply r = client.put("/v1/jobs/j/files/big.bin", random(QUOTA + 1, 3));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("quota_exceeded");
        assertThat(r.json().path("error").path("message").asText())
                .contains("1048577 bytes").contains("jobs quota of 1048576 bytes (1.0 MiB)");
        assertThat(jobs.resolve("j/big.bin")).doesNotExist();
        assertThat(leftovers(jobs)).isEmpty();
    }

    @Test
    void a_streamed_upload_that_runs_over_is_stopped_with_507_and_its_partial_file_removed() throws Exception {
        FilesClient.Reply r = client.putChunked("/v1/jobs/j/files/big.bin",
                new ByteArrayInputStream(random(3 * QUOTA, 4)));

        assertThat(r.status()).isEqualTo(507);
        assertThat(r.code()).isEqualTo("quota_exceeded");
        assertThat(r.json().path("error").path("message").asText()).contains("jobs quota of 1048576 bytes")
                .contains("partial file was removed");
        assertThat(jobs.resolve("j/big.bin")).doesNotExist();
        assertThat(leftovers(jobs)).isEmpty();
        assertThat(client.put("/v1/jobs/j/files/small.bin", new byte[1000]).status())
                .as("the quota is free again").isEqualTo(201);
    }

    @Test
    void uploads_fit_until_the_quota_is_used_and_a_replaced_file_frees_its_old_size() throws Exception {
        assertThat(client.put("/v1/jobs/j/files/a.bin", new byte[600_000]).status()).isEqualTo(201);

        FilesClient.Reply over = client.put("/v1/jobs/k/files/b.bin", new byte[500_000]);
        FilesClient.Reply replace = client.put("/v1/jobs/j/files/a.bin", new byte[1_000_000]);

        assertThat(over.status()).isEqualTo(413);
        assertThat(replace.status()).as(replace.text()).isEqualTo(201);
        assertThat(client.get("/v1/jobs").json().path("usage_bytes").asLong()).as("blocks, at least 4 KiB an entry")
                .isBetween(1_000_000L, 1_100_000L);
        assertThat(client.get("/v1/jobs").json().path("quota_bytes").asLong()).isEqualTo(QUOTA);
    }

    @Test
    void files_the_agent_wrote_itself_count_against_the_quota() throws Exception {
        Files.createDirectories(jobs.resolve("agent-job"));
        Files.write(jobs.resolve("agent-job/output.bin"), new byte[900_000]);
        Files.write(jobs.resolve("stray.bin"), new byte[100_000]);

        FilesClient.Reply r = client.put("/v1/jobs/j/files/in.bin", new byte[100_000]);

        assertThat(r.status()).isEqualTo(413);
        String message = r.json().path("error").path("message").asText();
        assertThat(Long.parseLong(message.replaceAll(".*\\((\\d+) bytes in use\\).*", "$1")))
                .isBetween(1_000_000L, 1_100_000L);
    }

    @Test
    void deleting_files_makes_room_again() throws Exception {
        client.put("/v1/jobs/j/files/a.bin", new byte[900_000]);
        assertThat(client.put("/v1/jobs/j/files/b.bin", new byte[200_000]).status()).isEqualTo(413);

        client.delete("/v1/jobs/j/files/a.bin");

        assertThat(client.put("/v1/jobs/j/files/b.bin", new byte[200_000]).status()).isEqualTo(201);
    }
}
