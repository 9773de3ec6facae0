package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.AgentClient;
import dev.ccx.runner.testing.Processes;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The jobs quota holds for what the agent itself writes, not only for uploads: the run ends in a clean 507. */
@Timeout(60)
class AgentWritesQuotaHttpTest {
    private static final String FILL = "{\"job\":\"fill\",\"messages\":[{\"role\":\"user\",\"content\":\"fill it\"}]}";
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    @TempDir
    Path dir;

    private AgentServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An agent whose "CLI" writes 256 KiB files into its job directory without end, unless told to answer. */
    private AgentClient agent() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Path cli = StandIn.script(dir.resolve("bin").toAbsolutePath(), "claude", """
                echo $$ > "$(dirname "$0")/pid"
                case "$PWD" in */fill) ;; *) echo '%s'; exit 0 ;; esac
                i=0; while :; do head -c 262144 /dev/zero > "f$i"; i=$((i+1)); done
                """.formatted(StandIn.claudeResult("hello back", 1, 1)));
        server = AgentServer.start(config.with("CCX_CLAUDE_BIN", cli.toString())
                .with("CCX_JOBS_QUOTA_BYTES", Long.toString(4 << 20)).build());
        return new AgentClient("127.0.0.1", server.port());
    }

    @Test
    void a_run_whose_agent_writes_past_the_quota_ends_with_507_and_leaves_no_writer_behind() throws Exception {
        AgentClient client = agent();

        long start = System.nanoTime();
        AgentClient.Reply r = client.post("/v1/chat/completions", FILL);
        long millis = (System.nanoTime() - start) / 1_000_000;

        long left = Files.list(dir.resolve("jobs/fill")).count();
        System.out.printf("runaway writer stopped after %d ms with %d files of 256 KiB (quota 4 MiB): %d %s%n",
                millis, left, r.status(), r.body());
        assertThat(r.status()).isEqualTo(507);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("quota_exceeded");
        assertThat(r.body().path("error").path("message").asText()).contains("over the jobs quota of 4194304 bytes")
                .doesNotContain(dir.toString());
        long pid = Long.parseLong(Files.readString(dir.resolve("bin/pid")).strip());
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).as("the writer is gone").isTrue();
    }

    @Test
    void an_over_quota_runner_refuses_runs_until_files_are_deleted_through_the_jobs_api() throws Exception {
        AgentClient client = agent();
        assertThat(client.post("/v1/chat/completions", FILL).status()).isEqualTo(507);

        AgentClient.Reply refused = client.post("/v1/chat/completions", HELLO);
        AgentClient.Reply deleted = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs/fill")).DELETE());
        AgentClient.Reply healed = client.post("/v1/chat/completions", HELLO);

        assertThat(refused.status()).isEqualTo(507);
        assertThat(refused.body().path("error").path("message").asText())
                .contains("delete files or jobs before starting another run");
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
        assertThat(healed.status()).as(healed.body().toString()).isEqualTo(200);
        assertThat(healed.body().path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("hello back");
    }
}
