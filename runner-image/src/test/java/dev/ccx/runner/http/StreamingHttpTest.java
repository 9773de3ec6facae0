package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.testing.AgentClient;
import dev.ccx.runner.testing.Processes;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingHttpTest {

    private static final String STREAM = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @TempDir
    Path dir;

    private AgentServer server;

    private AgentClient start(String provider, String body, String... env) throws Exception {
        TestConfig config = TestConfig.in(dir);
        Path cli = StandIn.script(dir.resolve("bin").toAbsolutePath(), provider,
                "echo x >> \"$(dirname \"$0\")/calls.txt\"\n" + body);
        config.with("claude".equals(provider) ? "CCX_CLAUDE_BIN" : "CCX_CODEX_BIN", cli.toString());
        for (int i = 0; i < env.length; i += 2) {
            config.with(env[i], env[i + 1]);
        }
        server = AgentServer.start(config.build());
        return new AgentClient("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode data(String line) throws Exception {
        return Json.parse(line.substring("data: ".length()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void chunks_arrive_while_the_cli_is_still_producing_and_the_stream_ends_with_usage_and_done() throws Exception {
        AgentClient client = start("claude", StandIn.echo(StandIn.claudeDelta("Hel")) + StandIn.echo(
                StandIn.claudeDelta("lo")) + "sleep 2\n" + StandIn.echo(StandIn.claudeDelta(" world"))
                + StandIn.echo(StandIn.claudeResult("Hello world", 7, 3)));
        List<String> content = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        long firstContentAt = 0;

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", STREAM
                + ",\"stream_options\":{\"include_usage\":true}}")) {
            assertThat(s.readLine()).isEqualTo("HTTP/1.1 200 OK");
            for (String line = s.readUntil("data: "); !"data: [DONE]".equals(line); line = s.readUntil("data: ")) {
                JsonNode event = data(line);
                events.add(event);
                JsonNode delta = event.path("choices").path(0).path("delta").path("content");
                if (delta.isTextual() && !delta.asText().isEmpty()) {
                    firstContentAt = firstContentAt == 0 ? System.nanoTime() : firstContentAt;
                    content.add(delta.asText());
                }
            }
        }
        long doneAt = System.nanoTime();

        assertThat(Duration.ofNanos(doneAt - firstContentAt)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(String.join("", content)).isEqualTo("Hello world");
        assertThat(events.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(events).allMatch(e -> e.path("object").asText().equals("chat.completion.chunk"));
        JsonNode finish = events.get(events.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = events.get(events.size() - 1);
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void codex_messages_are_streamed_as_they_complete() throws Exception {
        AgentClient client = start("codex", StandIn.echo("{\"type\":\"item.completed\",\"item\":{\"type\":"
                + "\"agent_message\",\"text\":\"step one\"}}") + "sleep 1\n" + StandIn.echo("{\"type\":"
                + "\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"done\"}}"));
        StringBuilder content = new StringBuilder();

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", STREAM + ",\"model\":\"codex/default\"}")) {
            for (String line = s.readUntil("data: "); !"data: [DONE]".equals(line); line = s.readUntil("data: ")) {
                content.append(data(line).path("choices").path(0).path("delta").path("content").asText(""));
            }
        }

        assertThat(content.toString()).isEqualTo("step one\n\ndone");
    }

    @Test
    void keepalive_comments_flow_while_the_cli_is_silent() throws Exception {
        AgentClient client = start("claude", "sleep 1\n" + StandIn.echo(StandIn.claudeResult("late", 1, 1)),
                "CCX_KEEPALIVE_MS", "200");

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", STREAM + "}")) {
            assertThat(s.readUntil(": keepalive")).isEqualTo(": keepalive");
            assertThat(s.readUntil("data: [DONE]")).isNotNull();
        }
    }

    @Test
    void a_client_that_disconnects_mid_stream_gets_the_cli_process_tree_killed() throws Exception {
        AgentClient client = start("claude", """
                echo $$ > "$(dirname "$0")/cli.pid"
                sleep 300 &
                echo $! > "$(dirname "$0")/child.pid"
                sh -c 'sleep 301 & echo $! > "'"$(dirname "$0")"'/orphan.pid"'
                """ + StandIn.echo(StandIn.claudeDelta("working on it")) + "sleep 302\n", "CCX_KEEPALIVE_MS", "200");

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", STREAM + "}")) {
            assertThat(s.readUntil("data: {\"id\"")).isNotNull();
            assertThat(s.readUntil("data: ")).contains("working on it");
        }

        for (String name : new String[] {"cli.pid", "child.pid", "orphan.pid"}) {
            long pid = Processes.awaitPid(dir.resolve("bin").resolve(name), Duration.ofSeconds(5));
            assertThat(Processes.awaitGone(pid, Duration.ofSeconds(15))).as(name).isTrue();
        }
        assertThat(Files.readAllLines(dir.resolve("bin/calls.txt"))).hasSize(1);
    }

    @Test
    void a_failure_after_streaming_started_is_an_error_event_then_done_and_no_retry() throws Exception {
        AgentClient client = start("claude", StandIn.echo(StandIn.claudeDelta("partial")) + "echo crash >&2\nexit 3\n");
        List<String> lines = new ArrayList<>();

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", STREAM + "}")) {
            for (String line = s.readUntil("data: "); line != null; line = s.readUntil("data: ")) {
                lines.add(line);
                if (line.equals("data: [DONE]")) {
                    break;
                }
            }
        }

        assertThat(lines).last().isEqualTo("data: [DONE]");
        JsonNode error = data(lines.get(lines.size() - 2)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("cli_failed");
        assertThat(error.path("message").asText()).isEqualTo("claude exited with status 3: crash");
        assertThat(Files.readAllLines(dir.resolve("bin/calls.txt"))).hasSize(1);
    }

    @Test
    void a_validation_error_is_a_plain_400_before_any_stream_starts() throws Exception {
        AgentClient client = start("claude", "exit 0\n");

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", "{\"stream\":true,\"messages\":[]}")) {
            assertThat(s.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }
}
