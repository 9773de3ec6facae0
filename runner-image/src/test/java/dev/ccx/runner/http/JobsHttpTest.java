package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.testing.FilesClient;
import dev.ccx.runner.testing.TestConfig;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job-file endpoints over real HTTP: uploads, downloads with ranges, listings, deletion, atomicity. */
class JobsHttpTest {

    @TempDir
    Path dir;

    private AgentServer server;
    private Path jobs;

    private FilesClient start(TestConfig config) throws Exception {
        server = AgentServer.start(config.build());
        jobs = config.jobs();
        return new FilesClient(server.port());
    }

    private FilesClient start() throws Exception {
        return start(TestConfig.in(dir));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Names of temporary upload files anywhere below {@code root}. */
    static List<String> leftovers(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".ccx-")).toList();
        }
    }

    @Test
    void an_upload_creates_its_directories_and_downloads_byte_exact_with_its_size_and_sha256() throws Exception {
        FilesClient client = start();
        byte[] content = random(1_000_003, 1);

        FilesClient.Reply put = client.put("/v1/jobs/talk-42/files/in/deep/talk%20v1.bin", content);
        FilesClient.Reply get = client.get("/v1/jobs/talk-42/files/in/deep/talk%20v1.bin");

        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("job").asText()).isEqualTo("talk-42");
        assertThat(put.json().path("path").asText()).isEqualTo("in/deep/talk v1.bin");
        assertThat(put.json().path("size").asLong()).isEqualTo(content.length);
        assertThat(put.json().path("sha256").asText()).isEqualTo(sha256(content));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.raw().body()).isEqualTo(content);
        assertThat(get.header("Content-Length")).isEqualTo(Long.toString(content.length));
        assertThat(get.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(get.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get.header("Last-Modified")).endsWith("GMT");
        assertThat(jobs.resolve("talk-42/in/deep/talk v1.bin")).hasBinaryContent(content);
        assertThat(leftovers(jobs)).isEmpty();
    }

    @Test
    void a_chunked_upload_replaces_an_existing_file_and_the_content_type_is_guessed() throws Exception {
        FilesClient client = start();
        client.put("/v1/jobs/j/files/notes.txt", "old".getBytes(StandardCharsets.UTF_8));

        FilesClient.Reply put = client.putChunked("/v1/jobs/j/files/notes.txt",
                new ByteArrayInputStream("new content".getBytes(StandardCharsets.UTF_8)));
        FilesClient.Reply get = client.get("/v1/jobs/j/files/notes.txt");

        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("size").asLong()).isEqualTo(11);
        assertThat(get.text()).isEqualTo("new content");
        assertThat(get.header("Content-Type")).isEqualTo("text/plain");
    }

    @Test
    void single_ranges_are_served_as_206_and_unsatisfiable_ones_as_416() throws Exception {
        FilesClient client = start();
        byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
        client.put("/v1/jobs/j/files/digits", content);
        client.put("/v1/jobs/j/files/empty", new byte[0]);
        String file = "/v1/jobs/j/files/digits";

        assertRange(client.get(file, "Range", "bytes=2-4"), "234", "bytes 2-4/10");
        assertRange(client.get(file, "Range", "bytes=7-"), "789", "bytes 7-9/10");
        assertRange(client.get(file, "Range", "bytes=-3"), "789", "bytes 7-9/10");
        assertRange(client.get(file, "Range", "bytes=8-100"), "89", "bytes 8-9/10");
        assertRange(client.get(file, "Range", "bytes=-50"), "0123456789", "bytes 0-9/10");
        assertRange(client.get(file, "Range", "bytes=9-9"), "9", "bytes 9-9/10");
        for (String ignored : List.of("bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=x-")) {
            FilesClient.Reply whole = client.get(file, "Range", ignored);
            assertThat(whole.status()).as(ignored).isEqualTo(200);
            assertThat(whole.text()).isEqualTo("0123456789");
        }
        for (String bad : List.of("bytes=10-", "bytes=10-20", "bytes=-0")) {
            FilesClient.Reply r = client.get(file, "Range", bad);
            assertThat(r.status()).as(bad).isEqualTo(416);
            assertThat(r.code()).isEqualTo("range_not_satisfiable");
            assertThat(r.header("Content-Range")).isEqualTo("bytes */10");
        }
        FilesClient.Reply empty = client.get("/v1/jobs/j/files/empty", "Range", "bytes=0-");
        assertThat(empty.status()).isEqualTo(416);
        assertThat(client.get("/v1/jobs/j/files/empty").status()).isEqualTo(200);
    }

    private static void assertRange(FilesClient.Reply r, String body, String contentRange) {
        assertThat(r.status()).as(contentRange).isEqualTo(206);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.header("Content-Range")).isEqualTo(contentRange);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(body.length()));
    }

    @Test
    void a_listing_is_recursive_and_sorted_with_sizes_and_times_and_jobs_are_listed_with_usage() throws Exception {
        FilesClient client = start();
        client.put("/v1/jobs/j/files/b.txt", new byte[5]);
        client.put("/v1/jobs/j/files/a/z.bin", new byte[7]);
        client.put("/v1/jobs/k/files/x", new byte[3]);
        Files.createDirectories(jobs.resolve("j/empty-dir"));

        JsonNode list = client.get("/v1/jobs/j/files").json();
        JsonNode all = client.get("/v1/jobs").json();

        assertThat(list.path("job").asText()).isEqualTo("j");
        assertThat(list.path("files")).extracting(f -> f.path("path").asText()).containsExactly("a/z.bin", "b.txt");
        assertThat(list.path("files")).extracting(f -> f.path("size").asLong()).containsExactly(7L, 5L);
        assertThat(list.path("files").path(0).path("modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(list.path("truncated").asBoolean()).isFalse();
        assertThat(all.path("jobs")).extracting(j -> j.path("job").asText()).containsExactly("j", "k");
        assertThat(all.path("jobs").path(0).path("bytes").asLong()).isEqualTo(12);
        assertThat(all.path("usage_bytes").asLong()).as("disk blocks, at least 4 KiB for each of the three files")
                .isGreaterThanOrEqualTo(3 * 4096);
        assertThat(all.path("quota_bytes").isNull()).isTrue();
        assertThat(client.get("/v1/jobs/missing/files").status()).isEqualTo(404);
    }

    @Test
    void files_and_whole_jobs_are_deleted_and_deleting_twice_says_nothing_was_there() throws Exception {
        FilesClient client = start();
        client.put("/v1/jobs/j/files/a/one", new byte[1]);
        client.put("/v1/jobs/j/files/two", new byte[1]);

        JsonNode first = client.delete("/v1/jobs/j/files/two").json();
        JsonNode again = client.delete("/v1/jobs/j/files/two").json();
        FilesClient.Reply dirDelete = client.delete("/v1/jobs/j/files/a");
        JsonNode job = client.delete("/v1/jobs/j").json();
        JsonNode jobAgain = client.delete("/v1/jobs/j").json();

        assertThat(first.path("deleted").asBoolean()).isTrue();
        assertThat(again.path("deleted").asBoolean()).isFalse();
        assertThat(dirDelete.status()).isEqualTo(400);
        assertThat(dirDelete.code()).isEqualTo("invalid_path");
        assertThat(job.path("deleted").asBoolean()).isTrue();
        assertThat(jobAgain.path("deleted").asBoolean()).isFalse();
        assertThat(jobs.resolve("j")).doesNotExist();
        assertThat(client.get("/v1/jobs/j/files/a/one").status()).isEqualTo(404);
    }

    @Test
    void an_aborted_upload_leaves_neither_a_partial_file_nor_a_temporary_one() throws Exception {
        FilesClient client = start();
        client.put("/v1/jobs/j/files/report.bin", "old".getBytes(StandardCharsets.UTF_8));

        try (Socket upload = client.startUpload("/v1/jobs/j/files/report.bin", 1_000_000)) {
            OutputStream out = upload.getOutputStream();
            out.write(random(300_000, 2));
            out.flush();
            awaitTempFile();
            assertThat(client.get("/v1/jobs/j/files/report.bin").text()).as("readers see the old file meanwhile")
                    .isEqualTo("old");
            assertThat(client.get("/v1/jobs/j/files").json().path("files")).as("no temporary file is listed")
                    .extracting(f -> f.path("path").asText()).containsExactly("report.bin");
        }
        for (int i = 0; i < 100 && !leftovers(jobs).isEmpty(); i++) {
            Thread.sleep(50);
        }

        assertThat(leftovers(jobs)).isEmpty();
        assertThat(jobs.resolve("j/report.bin")).hasContent("old");
    }

    private void awaitTempFile() throws Exception {
        for (int i = 0; i < 100 && leftovers(jobs).isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(leftovers(jobs)).as("the upload is in progress").hasSize(1);
    }

    @Test
    void a_wrong_method_names_the_allowed_ones_and_unknown_job_paths_are_404() throws Exception {
        FilesClient client = start();

        FilesClient.Reply post = client.send("POST", "/v1/jobs/j/files/x",
                java.net.http.HttpRequest.BodyPublishers.ofString("x"));
        FilesClient.Reply unknown = client.get("/v1/jobs/j/other");

        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, PUT, DELETE");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
    }
}
