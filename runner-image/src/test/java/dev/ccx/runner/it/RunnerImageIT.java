package dev.ccx.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.testing.AgentClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runner image with the REAL claude and codex CLIs inside, run with the production hardening, against the
 * project's fake model server in this JVM (reached through host.docker.internal).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerImageIT {

    private FakeModelServer fake;
    private RunnerContainer runner;
    private AgentClient client;

    @BeforeAll
    void start() throws Exception {
        DockerSupport.requireDocker();
        String image = RunnerImage.build();
        fake = FakeModelServer.start(0, "0.0.0.0");
        String base = "http://host.docker.internal:" + fake.port();
        runner = RunnerContainer.start(image, Map.of(
                "CCX_DEV_PLAIN_HTTP", "true",
                "CCX_SLOT", "it-runner",
                "CCX_KEEPALIVE_MS", "500",
                "CCX_CLI_ENV", "ANTHROPIC_BASE_URL,ANTHROPIC_API_KEY,CLAUDE_CODE_MAX_RETRIES,FAKE_KEY",
                "ANTHROPIC_BASE_URL", base,
                "ANTHROPIC_API_KEY", "test-key",
                "CLAUDE_CODE_MAX_RETRIES", "0",
                "FAKE_KEY", "test-key",
                "CCX_CODEX_CONFIG", "[\"model_provider=fake\",\"model_providers.fake.name=\\\"fake\\\"\","
                        + "\"model_providers.fake.base_url=\\\"" + base + "/v1\\\"\","
                        + "\"model_providers.fake.wire_api=\\\"responses\\\"\","
                        + "\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\"]"));
        client = new AgentClient("127.0.0.1", runner.port());
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private static ObjectNode request(Provider provider, String prompt) {
        ObjectNode body = Json.object();
        body.put("model", provider == Provider.CLAUDE ? "sonnet" : "codex/default");
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", prompt);
        return body;
    }

    private AgentClient.Reply post(ObjectNode body) {
        return client.post("/v1/chat/completions", body.toString());
    }

    private static String content(AgentClient.Reply r) {
        return r.body().path("choices").path(0).path("message").path("content").asText();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void answers_a_text_question_with_real_usage(Provider provider) {
        AgentClient.Reply r = post(request(provider, "Say hello.\n@fake reply Hello from the runner\n@fake usage 30 5"));

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("Hello from the runner");
        assertThat(r.body().path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(r.body().path("usage").path("prompt_tokens").asInt()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void writes_a_file_into_the_job_directory_in_tool_mode(Provider provider) {
        String job = "write-" + provider.wireName();
        ObjectNode body = request(provider, "Write the file.\n@fake write notes/out.txt written by "
                + provider.wireName() + "\n@fake reply wrote it");
        body.put("job", job);

        AgentClient.Reply r = post(body);

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(content(r)).startsWith("wrote it");
        Docker.Result file = runner.exec("cat", "/jobs/" + job + "/notes/out.txt");
        assertThat(file.output().strip()).isEqualTo("written by " + provider.wireName());
        assertThat(runner.exec("stat", "-c", "%u", "/jobs/" + job + "/notes/out.txt").output().strip())
                .isEqualTo("10001");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void returns_output_files_inline(Provider provider) {
        ObjectNode body = request(provider, "Make a report.\n@fake write report.md # Report\\nall good\n@fake reply done");
        body.put("output_files", true);

        AgentClient.Reply r = post(body);

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().path("files").path("report.md").asText()).startsWith("# Report\nall good");
        assertThat(runner.exec("ls", "-A", "/tmp/ccx").output().strip()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void streams_chunks_before_the_run_ends(Provider provider) throws Exception {
        ObjectNode body = request(provider, "Count.\n@fake reply one two three four five six seven eight\n"
                + "@fake stream 4 700");
        body.put("stream", true);
        long firstChunk = 0;
        long firstContent = 0;
        StringBuilder content = new StringBuilder();

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", body.toString())) {
            for (String line = s.readUntil("data: "); !"data: [DONE]".equals(line); line = s.readUntil("data: ")) {
                assertThat(line).as("stream ended early").isNotNull();
                long now = System.nanoTime();
                firstChunk = firstChunk == 0 ? now : firstChunk;
                JsonNode event = Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8));
                String delta = event.path("choices").path(0).path("delta").path("content").asText("");
                if (!delta.isEmpty()) {
                    firstContent = firstContent == 0 ? now : firstContent;
                    content.append(delta);
                }
            }
        }
        long done = System.nanoTime();

        assertThat(content.toString()).isEqualTo("one two three four five six seven eight");
        assertThat(Duration.ofNanos(done - firstChunk)).isGreaterThan(Duration.ofMillis(2000));
        if (provider == Provider.CLAUDE) {
            assertThat(Duration.ofNanos(done - firstContent)).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void a_client_disconnect_kills_the_cli_process_tree(Provider provider) throws Exception {
        // Claude's Bash tool refuses a bare "sleep N", so the tool runs it through sh.
        ObjectNode body = request(provider, "Wait.\n@fake bash sh -c 'sleep 120'\n@fake reply never");
        body.put("job", "disconnect-" + provider.wireName());
        body.put("stream", true);
        if (provider == Provider.CLAUDE) {
            body.putArray("allowed_tools").add("Bash");
        }

        try (AgentClient.Stream s = client.stream("/v1/chat/completions", body.toString())) {
            assertThat(s.readUntil("data: ")).isNotNull();
            assertThat(awaitProcesses(RunnerImageIT::isToolSleep, true, Duration.ofSeconds(30)))
                    .as("the tool's sleep runs").anyMatch(RunnerImageIT::isToolSleep);
        }

        List<String> left = awaitProcesses(RunnerImageIT::isCliTree, false, Duration.ofSeconds(30));
        assertThat(left).as("CLI processes left").noneMatch(RunnerImageIT::isCliTree);
    }

    /** A process line ("PID ARGS") of the sleep a tool started. */
    private static boolean isToolSleep(String ps) {
        return ps.matches("\\d+ sleep 120");
    }

    /** A process line of a CLI or anything its tools started. */
    private static boolean isCliTree(String ps) {
        return ps.contains("claude") || ps.contains("codex") || ps.contains("sleep");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void a_timeout_returns_a_clear_error_and_leaves_no_process(Provider provider) throws Exception {
        ObjectNode body = request(provider, "Think long.\n@fake sleep 60000\n@fake reply late");
        body.put("timeout", 4);

        AgentClient.Reply r = post(body);

        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body().path("error").path("message").asText())
                .isEqualTo("the " + provider.wireName() + " run timed out after 4 s");
        assertThat(awaitProcesses(RunnerImageIT::isCliTree, false, Duration.ofSeconds(15)))
                .noneMatch(RunnerImageIT::isCliTree);
    }

    /** Polls the container's process list until some line matches {@code match} (or none does). */
    private List<String> awaitProcesses(java.util.function.Predicate<String> match, boolean present, Duration max)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        List<String> ps = runner.processes();
        while (ps.stream().anyMatch(match) != present && System.nanoTime() < end) {
            Thread.sleep(200);
            ps = runner.processes();
        }
        return ps;
    }
}
