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
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        runner = RunnerContainer.start(image, env("http://host.docker.internal:" + fake.port()));
        client = new AgentClient("127.0.0.1", runner.port());
    }

    /** The runner's environment with both CLIs pointed at the model server at {@code base}. */
    private static Map<String, String> env(String base) {
        return Map.of(
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
                        + "\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\"]");
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
        assertThat(ModelRequests.toolCalls(fake.requests(), provider, "written by " + provider.wireName()))
                .as("the tools the CLI called, from the model's request log")
                .containsExactly(provider == Provider.CLAUDE ? "Write" : "apply_patch");
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
        // The first text comes in the model's first turn, with a tool call; the second only after the tool ran and a
        // paced final turn (4 x 700 ms). A runner that passed text on only at process exit would deliver both at once.
        ObjectNode body = request(provider, "Count.\n@fake say one two three\n@fake write counted.txt x\n"
                + "@fake reply four five six seven eight\n@fake stream 4 700");
        body.put("job", "stream-" + provider.wireName());
        body.put("stream", true);
        long firstChunk = 0;
        long firstContent = 0;
        String firstDelta = null;
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
                    firstDelta = firstDelta == null ? delta : firstDelta;
                    content.append(delta);
                }
            }
        }
        long done = System.nanoTime();

        assertThat(content.toString()).startsWith("one two three\n\nfour five six seven eight");
        assertThat(firstDelta).as("the first content chunk is the first turn's text").startsWith("one");
        assertThat(Duration.ofNanos(done - firstChunk)).isGreaterThan(Duration.ofMillis(2000));
        assertThat(Duration.ofNanos(done - firstContent)).as("first content text to [DONE]")
                .isGreaterThan(Duration.ofMillis(2000));
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

    @Test
    void a_claude_run_leaves_no_session_file_in_the_claude_home() {
        ObjectNode body = request(Provider.CLAUDE, "Remember nothing.\n@fake write kept.txt x\n@fake reply done");
        body.put("job", "session-files");

        AgentClient.Reply r = post(body);

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        // A session leaves projects/<cwd>/<session>.jsonl and a projects/<cwd>/<session>/ directory of files; the
        // CLI also creates an empty projects/<cwd>/memory/ directory per working directory, which is not session data.
        assertThat(runner.exec("sh", "-c", "find /home/runner/.claude/projects -type f -o -name '*.jsonl' 2>/dev/null")
                .output().strip()).as("session files left under /home/runner/.claude/projects").isEmpty();

        AgentClient.Reply text = post(request(Provider.CLAUDE, "@fake reply no job"));
        assertThat(text.status()).as(text.body().toString()).isEqualTo(200);
        assertThat(runner.exec("sh", "-c", "ls /home/runner/.claude/projects 2>/dev/null | grep -e '-tmp-' || true")
                .output().strip()).as("project directories of removed scratch working directories").isEmpty();
    }

    /**
     * Every request the CLI sent to the model server is a model API call. (The runner's network is not closed, so
     * this shows only what reached this server; a request to another host would not be seen here.)
     */
    @ParameterizedTest
    @EnumSource(Provider.class)
    void the_cli_sends_the_model_server_nothing_but_model_api_calls(Provider provider) {
        fake.clearRequests();
        ObjectNode body = request(provider, "Write and answer.\n@fake write quiet.txt x\n@fake reply quiet");
        body.put("job", "quiet-" + provider.wireName());

        AgentClient.Reply r = post(body);

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        List<String> seen = fake.requests().stream().map(q -> q.method() + " " + q.path()).toList();
        Set<String> allowed = provider == Provider.CLAUDE
                ? Set.of("POST /v1/messages", "HEAD /")
                : Set.of("POST /v1/responses");
        assertThat(seen).as("requests the model server received").isNotEmpty().allMatch(allowed::contains);
    }

    @Test
    void codex_with_an_unreachable_endpoint_is_ended_by_the_timeout_and_leaves_no_process() throws Exception {
        try (RunnerContainer unreachable = RunnerContainer.start(RunnerImage.build(), env("http://127.0.0.1:9"))) {
            ObjectNode body = request(Provider.CODEX, "Hello?\n@fake reply never");
            body.put("timeout", 6);
            long start = System.nanoTime();

            AgentClient.Reply r = new AgentClient("127.0.0.1", unreachable.port())
                    .post("/v1/chat/completions", body.toString());

            assertThat(r.status()).as(r.body().toString()).isEqualTo(504);
            assertThat(r.body().path("error").path("message").asText())
                    .isEqualTo("the codex run timed out after 6 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(awaitProcesses(unreachable, RunnerImageIT::isCliTree, false, Duration.ofSeconds(15)))
                    .noneMatch(RunnerImageIT::isCliTree);
        }
    }

    private List<String> awaitProcesses(Predicate<String> match, boolean present, Duration max)
            throws InterruptedException {
        return awaitProcesses(runner, match, present, max);
    }

    /** Polls {@code container}'s process list until some line matches {@code match} (or none does). */
    private static List<String> awaitProcesses(RunnerContainer container, Predicate<String> match,
            boolean present, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        List<String> ps = container.processes();
        while (ps.stream().anyMatch(match) != present && System.nanoTime() < end) {
            Thread.sleep(200);
            ps = container.processes();
        }
        return ps;
    }
}
