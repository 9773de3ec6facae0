package dev.ccx.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.AgentClient;
import dev.ccx.runner.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentHttpTest {

    @TempDir
    Path dir;

    private AgentServer server;

    private AgentClient start(TestConfig config) throws Exception {
        server = AgentServer.start(config.build());
        return new AgentClient("127.0.0.1", server.port());
    }

    private AgentClient start() throws Exception {
        return start(TestConfig.in(dir));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void health_answers_ok_with_the_slot_name_and_ignores_query_strings() throws Exception {
        AgentClient client = start();

        AgentClient.Reply r = client.get("/health?probe=1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().toString()).isEqualTo("{\"status\":\"ok\",\"slot\":\"alice\"}");
        assertThat(r.raw().headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    }

    @Test
    void request_threads_end_a_few_seconds_after_the_last_request() throws Exception {
        AgentClient client = start();
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/health").status()).isEqualTo(200);
        }
        assertThat(server.requestThreads()).isPositive();

        // An idle runner should not keep ~90 KiB of stack per thread for long: gone within 8 s, not the 30 s before.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (server.requestThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(server.requestThreads()).isZero();
        assertThat(client.get("/health").status()).isEqualTo(200);
    }

    @Test
    void an_unknown_path_gets_a_json_404() throws Exception {
        AgentClient.Reply r = start().get("/admin/status");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(r.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.body().path("error").has("param")).isTrue();
    }

    @Test
    void a_wrong_method_gets_a_json_405() throws Exception {
        AgentClient client = start();

        AgentClient.Reply get = client.get("/v1/chat/completions");
        AgentClient.Reply put = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/health")).PUT(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.body().path("error").path("message").asText()).contains("use POST");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.raw().headers().firstValue("Allow")).isPresent();
    }

    @Test
    void malformed_bodies_and_wrong_types_are_400s_with_the_json_error_shape_never_500s() throws Exception {
        AgentClient client = start();
        String[] bodies = {"", "{", "null", "[1]", "\"text\"", "{\"messages\":\"hi\"}", "{\"messages\":[]}",
            "{\"messages\":[5]}", "{\"messages\":[{\"role\":\"user\",\"content\":null}]}",
            "{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"messages\":[]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"timeout\":\"soon\"}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"cwd\":\"/etc\"}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"job\":\"../bob\"}",
            "{\"provider\":\"codex\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_turns\":3}"};
        for (String body : bodies) {
            AgentClient.Reply r = client.post("/v1/chat/completions", body);

            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().path("error").path("message").asText()).as(body).isNotBlank();
            assertThat(r.body().toString()).as(body).doesNotContain("Exception", "at dev.ccx");
        }
        assertThat(client.post("/v1/chat/completions", "{").body().path("error").path("message").asText())
                .isEqualTo("Invalid JSON");
    }

    @Test
    void hostile_model_names_and_run_ids_are_400s_and_no_cli_is_started() throws Exception {
        Path cli = dev.ccx.runner.testing.StandIn.script(Files.createDirectories(dir.resolve("bin")), "claude",
                "echo started >> \"$(dirname \"$0\")/calls.txt\"\n");
        AgentClient client = start(TestConfig.in(dir).with("CCX_CLAUDE_BIN", cli.toString()));
        String hi = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        for (String model : new String[] {"-p", "--dangerously-skip-permissions", "../../etc/passwd",
            "sonnet\\n--model opus", "sonnet; id", "\u0455onnet", "x".repeat(300), "codex/../../x", "codex/--yolo"}) {
            AgentClient.Reply r = client.post("/v1/chat/completions", "{\"model\":\"" + model + "\"" + hi);
            assertThat(r.status()).as(model).isEqualTo(400);
            assertThat(r.body().path("error").path("message").asText()).as(model).isNotBlank();
        }
        for (String runId : new String[] {"../x", "a b", "x".repeat(65), "caf\u00e9", "a;b"}) {
            AgentClient.Reply r = client.post("/v1/chat/completions", "{\"model\":\"sonnet\"" + hi,
                    RunRegistry.HEADER, runId);
            assertThat(r.status()).as(runId).isEqualTo(400);
            assertThat(r.body().path("error").path("message").asText()).contains(RunRegistry.HEADER);
        }
        assertThat(dir.resolve("bin/calls.txt")).as("no CLI was started").doesNotExist();
    }

    @Test
    void a_tool_result_message_is_a_400_unsupported_content_and_no_cli_is_started() throws Exception {
        Path cli = dev.ccx.runner.testing.StandIn.script(Files.createDirectories(dir.resolve("bin")), "claude",
                "echo started >> \"$(dirname \"$0\")/calls.txt\"\n");
        AgentClient client = start(TestConfig.in(dir).with("CCX_CLAUDE_BIN", cli.toString()));

        AgentClient.Reply r = client.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"weather?\"},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("unsupported_content");
        assertThat(r.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.body().path("error").path("message").asText()).startsWith("messages[1]: ").contains("'tool'");
        assertThat(dir.resolve("bin/calls.txt")).as("no CLI was started").doesNotExist();
    }

    @Test
    void an_oversize_body_gets_a_413() throws Exception {
        AgentClient client = start(TestConfig.in(dir).with("CCX_MAX_BODY_BYTES", "2048"));

        AgentClient.Reply r = client.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5000) + "\"}]}");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void models_lists_the_claude_aliases_then_the_codex_catalogue() throws Exception {
        AgentClient.Reply r = start().get("/v1/models");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("object").asText()).isEqualTo("list");
        assertThat(r.body().path("data")).hasSize(21);
        assertThat(r.body().path("data").get(0).toString()).isEqualTo("{\"id\":\"opus[1m]\",\"object\":\"model\","
                + "\"created\":1700000000,\"owned_by\":\"anthropic\",\"supported_efforts\":[\"low\",\"medium\","
                + "\"high\",\"xhigh\",\"max\"],\"default_effort\":null}");
        assertThat(r.body().path("data").get(20).path("id").asText()).isEqualTo("codex/default");
        assertThat(r.body().path("data").get(20).path("slug").asText()).isEqualTo("gpt-5.5");
    }

    @Test
    void auth_status_reads_both_homes() throws Exception {
        TestConfig config = TestConfig.in(dir);
        Files.writeString(dir.resolve("home/.claude/.credentials.json"),
                "{\"claudeAiOauth\":{\"accessToken\":\"t\",\"expiresAt\":4102444800000}}");

        AgentClient.Reply r = start(config).get("/v1/auth/status");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().toString()).isEqualTo("{\"claude\":{\"loggedIn\":true,\"authMethod\":\"claude.ai\","
                + "\"expiresAt\":4102444800000,\"expired\":false},\"codex\":{\"loggedIn\":false,\"authMethod\":null,"
                + "\"expiresAt\":null,\"expired\":null}}");
    }
}
