package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.testing.AgentClient;
import dev.ccx.runner.testing.Processes;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatHttpTest {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @TempDir
    Path dir;

    private AgentServer server;

    /** Starts the agent with a stand-in claude whose script is {@code body}; every call is counted in calls.txt. */
    private AgentClient withClaude(String body, String... env) throws Exception {
        TestConfig config = TestConfig.in(dir);
        Path cli = StandIn.script(dir.resolve("bin").toAbsolutePath(), "claude",
                "echo x >> \"$(dirname \"$0\")/calls.txt\"\n" + body);
        config.with("CCX_CLAUDE_BIN", cli.toString());
        for (int i = 0; i < env.length; i += 2) {
            config.with(env[i], env[i + 1]);
        }
        server = AgentServer.start(config.build());
        return new AgentClient("127.0.0.1", server.port());
    }

    private long calls() throws Exception {
        Path file = dir.resolve("bin/calls.txt");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_text_answer_comes_back_in_the_openai_shape_with_real_usage() throws Exception {
        AgentClient client = withClaude(StandIn.echo(StandIn.claudeResult("Hello!", 12, 4)));

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + ",\"model\":\"opus\"}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.path("id").asText()).matches("chatcmpl-[0-9a-f]{12}");
        assertThat(b.path("object").asText()).isEqualTo("chat.completion");
        assertThat(b.path("model").asText()).isEqualTo("opus");
        assertThat(b.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello!");
        assertThat(b.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(b.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(b.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(b.path("usage").path("total_tokens").asInt()).isEqualTo(16);
        assertThat(b.has("files")).isFalse();
        assertThat(b.has("fallback")).isFalse();
    }

    @Test
    void a_failed_run_is_retried_once() throws Exception {
        AgentClient client = withClaude("""
                if [ "$(wc -l < "$(dirname "$0")/calls.txt")" -lt 2 ]; then echo 'boom' >&2; exit 1; fi
                """ + StandIn.echo(StandIn.claudeResult("second time lucky", 1, 1)));

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + "}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("second time lucky");
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void a_deterministic_failure_is_reported_without_retry_and_without_secrets() throws Exception {
        AgentClient client = withClaude(StandIn.echo("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,"
                + "\"api_error_status\":401,\"result\":\"API Error: 401 invalid x-api-key sk-ant-api03-abcdefgh\"}")
                + "exit 1\n");

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + "}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("cli_failed");
        assertThat(r.body().path("error").path("message").asText())
                .isEqualTo("API Error: 401 invalid x-api-key [REDACTED]");
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void a_1m_model_falls_back_to_200k_after_the_retry_with_a_visible_notice() throws Exception {
        AgentClient client = withClaude("""
                case "$*" in *'opus[1m]'*) echo 'long context unavailable' >&2; exit 1;; esac
                """ + StandIn.echo(StandIn.claudeResult("served", 1, 1)));

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + ",\"model\":\"opus\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("model").asText()).isEqualTo("opus");
        assertThat(r.body().path("choices").get(0).path("message").path("content").asText()).isEqualTo(
                "[Fallback notice: requested opus[1m] but 1M context was unavailable after retry; served with opus "
                        + "(200K context) instead.]\n\nserved");
        assertThat(r.body().path("fallback").toString()).isEqualTo("{\"from\":\"opus[1m]\",\"to\":\"opus\"}");
        assertThat(calls()).isEqualTo(3);
    }

    @Test
    void a_timeout_is_a_clear_504_and_is_not_retried() throws Exception {
        AgentClient client = withClaude("sleep 60\n");

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + ",\"timeout\":1}");

        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body().path("error").path("message").asText()).isEqualTo("the claude run timed out after 1 s");
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("timeout");
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void output_files_come_back_inline_and_the_scratch_directory_is_removed() throws Exception {
        AgentClient client = withClaude("""
                printf 'line1\\r\\nline2' > report.txt
                mkdir -p sub && printf '\\211PNG\\000' > sub/cover.png
                echo "$PWD" > "$(dirname "$0")/cwd.txt"
                """ + StandIn.echo(StandIn.claudeResult("Wrote report.txt", 1, 1)));

        AgentClient.Reply r = client.post("/v1/chat/completions", HI + ",\"output_files\":true}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("files").path("report.txt").asText()).isEqualTo("line1\r\nline2");
        assertThat(r.body().path("files").path("sub/cover.png").asText()).isEqualTo("data:base64,iVBORwA=");
        Path scratch = Path.of(Files.readString(dir.resolve("bin/cwd.txt")).strip());
        assertThat(scratch).startsWithRaw(dir.resolve("work").toRealPath()).doesNotExist();
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void the_cli_sees_no_agent_settings_or_secrets_in_its_environment() throws Exception {
        AgentClient client = withClaude("""
                echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"$(env | cut -d= -f1 | sort | tr '\\n' ' ')\\"}"
                """, "AGENT_SECRET", "hunter2", "CCX_TLS_KEY", "pem", "CCX_CLI_ENV", "ANTHROPIC_API_KEY",
                "ANTHROPIC_API_KEY", "k");

        String names = client.post("/v1/chat/completions", HI + "}").body().path("choices").get(0).path("message")
                .path("content").asText();

        assertThat(names.split(" ")).contains("ANTHROPIC_API_KEY", "CLAUDE_CONFIG_DIR", "HOME", "PATH",
                "DISABLE_TELEMETRY").doesNotContain("AGENT_SECRET", "CCX_TLS_KEY", "CCX_CLI_ENV", "JAVA_HOME");
    }

    @Test
    void a_missing_cli_is_reported_as_such() throws Exception {
        server = AgentServer.start(TestConfig.in(dir).with("CCX_CLAUDE_BIN", "/nonexistent/claude").build());

        AgentClient.Reply r = new AgentClient("127.0.0.1", server.port()).post("/v1/chat/completions", HI + "}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().path("error").path("message").asText()).isEqualTo("claude CLI not found");
    }

    @Test
    void a_runner_at_its_concurrency_limit_answers_429() throws Exception {
        AgentClient client = withClaude("sleep 5\n", "CCX_MAX_CONCURRENT_RUNS", "1");
        CompletableFuture<AgentClient.Reply> first = CompletableFuture.supplyAsync(
                () -> client.post("/v1/chat/completions", HI + ",\"timeout\":3}"));
        while (calls() == 0) {
            Thread.sleep(20);
        }

        AgentClient.Reply second = client.post("/v1/chat/completions", HI + "}");

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body().path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(first.get().status()).isEqualTo(504);
    }

    @Test
    void cancelling_a_non_streaming_run_by_id_kills_its_process_tree() throws Exception {
        AgentClient client = withClaude("""
                echo $$ > "$(dirname "$0")/cli.pid"
                sh -c 'sleep 300 & echo $! > "'"$(dirname "$0")"'/orphan.pid"'
                sleep 300
                """);
        CompletableFuture<AgentClient.Reply> run = CompletableFuture.supplyAsync(() -> client.post(
                "/v1/chat/completions", HI + "}", "X-CCX-Run-Id", "run-42"));
        long cli = Processes.awaitPid(dir.resolve("bin/cli.pid"), Duration.ofSeconds(10));
        long orphan = Processes.awaitPid(dir.resolve("bin/orphan.pid"), Duration.ofSeconds(10));

        AgentClient.Reply cancel = client.post("/v1/runs/cancel", "{\"run_id\":\"run-42\"}");

        assertThat(cancel.body().path("cancelled").asBoolean()).isTrue();
        assertThat(run.get().status()).isEqualTo(409);
        assertThat(run.get().body().path("error").path("code").asText()).isEqualTo("run_cancelled");
        assertThat(Processes.awaitGone(cli, Duration.ofSeconds(5))).isTrue();
        assertThat(Processes.awaitGone(orphan, Duration.ofSeconds(5))).isTrue();
        assertThat(client.post("/v1/runs/cancel", "{\"run_id\":\"run-42\"}").body().path("cancelled").asBoolean())
                .isFalse();
    }
}
