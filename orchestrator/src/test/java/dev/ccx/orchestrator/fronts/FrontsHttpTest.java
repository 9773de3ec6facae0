package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeRunner;
import dev.ccx.orchestrator.testing.TestPolicies;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two fronts over real HTTP, through the real forwarding path to stand-in runners over mutual TLS. */
class FrontsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path state;
    AppHarness app;

    @BeforeEach
    void start() {
        app = new AppHarness(state, TestPolicies.parse("providers:\n  claude: {models: [\"sonnet\", \"haiku\"]}\n"), 50);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return app.send(app.asService(path, "alice").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> anthropic(String path, String body) throws Exception {
        return app.send(app.request(path).header("x-api-key", AppHarness.SERVICE_KEY).header("X-CCX-User", "alice")
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private FakeRunner runner() {
        return app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();
    }

    private static String responses(String input, boolean stream) {
        return "{\"model\":\"claude-sonnet-4-5\",\"stream\":" + stream + ",\"instructions\":\"Be brief.\",\"input\":\""
                + input + "\"}";
    }

    private static String messages(String text, boolean stream) {
        return "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":64,\"stream\":" + stream
                + ",\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}";
    }

    @Test
    void a_responses_request_runs_on_the_users_runner_as_a_streamed_chat_run_and_answers_a_response() throws Exception {
        HttpResponse<String> response = post("/v1/responses", responses("hi", false));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("output").path(0).path("content").path(0).path("text").asText()).isEqualTo("Hello");
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(12);
        JsonNode sent = JSON.readTree(runner().chatBodies.get(0));
        assertThat(sent.path("model").asText()).isEqualTo("sonnet");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("messages").path(0).path("content").path(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(runner().chatHeaders.get(0)).containsKey("X-ccx-run-id");
    }

    @Test
    void a_streamed_responses_request_arrives_event_by_event_as_the_runner_produces_it() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(app.asService("/v1/responses", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(responses("slow", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        List<Long> deltaArrivals = new ArrayList<>();
        long start = System.nanoTime();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    events.add(line.substring(7));
                    if (line.endsWith("output_text.delta")) {
                        deltaArrivals.add((System.nanoTime() - start) / 1_000_000);
                    }
                }
            }
        }
        assertThat(events).startsWith("response.created").endsWith("response.completed")
                .containsSubsequence("response.output_text.delta", "response.output_text.delta");
        assertThat(deltaArrivals.get(1) - deltaArrivals.get(0)).as("the first delta was not held back")
                .isGreaterThan(300);
    }

    @Test
    void a_messages_request_with_x_api_key_and_anthropic_version_answers_a_message() throws Exception {
        HttpResponse<String> response = anthropic("/v1/messages", messages("hi", false));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("content").path(0).path("text").asText()).isEqualTo("Hello");
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(runner().chatBodies.get(0)).path("model").asText()).isEqualTo("sonnet");
    }

    @Test
    void a_streamed_messages_request_is_anthropics_event_sequence() throws Exception {
        HttpResponse<String> response = anthropic("/v1/messages", messages("hi", true));
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<SseEvents.Event> events = SseEvents.parse(response.body());
        assertThat(SseEvents.names(events)).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    }

    @Test
    void messages_errors_have_anthropics_shape_and_the_matching_status() throws Exception {
        HttpResponse<String> noKey = app.send(app.request("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofString(messages("hi", false))));
        HttpResponse<String> tools = anthropic("/v1/messages", "{\"model\":\"sonnet\",\"max_tokens\":5,\"tools\":"
                + "[{\"name\":\"f\",\"input_schema\":{}}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        HttpResponse<String> forbidden = anthropic("/v1/messages", "{\"model\":\"claude-opus-4-1\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        HttpResponse<String> runnerRefused = anthropic("/v1/messages", messages("reject", false));
        HttpResponse<String> wrongMethod = app.send(app.request("/v1/messages").header("x-api-key", "k").GET());
        assertError(noKey, 401, "authentication_error", "Authorization");
        assertError(tools, 400, "invalid_request_error", "'tools' is not supported");
        assertError(forbidden, 403, "permission_error", "model 'opus' is not allowed by policy");
        assertError(runnerRefused, 400, "invalid_request_error", "unsupported Codex model: codex/nope");
        assertError(wrongMethod, 405, "invalid_request_error", "method");
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).contains(message);
    }

    @Test
    void responses_errors_keep_the_openai_shape_with_the_field_in_param() throws Exception {
        HttpResponse<String> image = post("/v1/responses", "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_image\",\"image_url\":\"https://x/y.png\"}]}]}");
        HttpResponse<String> runnerRefused = post("/v1/responses", responses("reject", true));
        JsonNode error = JSON.readTree(image.body()).path("error");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(error.path("code").asText()).isEqualTo("unsupported_content");
        assertThat(error.path("param").asText()).isEqualTo("input[0].content[0]");
        assertThat(runnerRefused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(runnerRefused.body()).path("error").path("code").asText()).isEqualTo("unsupported_model");
    }

    @Test
    void a_run_failing_after_it_started_is_an_error_event_when_streaming_and_its_status_when_not() throws Exception {
        HttpResponse<String> streamed = anthropic("/v1/messages", messages("fail", true));
        assertThat(streamed.statusCode()).isEqualTo(200);
        List<SseEvents.Event> events = SseEvents.parse(streamed.body());
        assertThat(events.get(events.size() - 1).name()).isEqualTo("error");
        assertThat(events.get(events.size() - 1).data().path("error").path("type").asText()).isEqualTo("timeout_error");
        HttpResponse<String> whole = anthropic("/v1/messages", messages("fail", false));
        assertError(whole, 504, "timeout_error", "timed out");
        HttpResponse<String> responses = post("/v1/responses", responses("fail", false));
        assertThat(responses.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(responses.body()).path("error").path("code").asText()).isEqualTo("timeout");
    }

    @Test
    void a_runner_dying_mid_stream_is_an_error_event_and_the_next_request_heals_the_slot() throws Exception {
        HttpResponse<String> broken = post("/v1/responses", responses("die", true));
        List<SseEvents.Event> events = SseEvents.parse(broken.body());
        assertThat(SseEvents.names(events)).endsWith("error", "response.failed");
        assertThat(events.get(events.size() - 2).data().path("code").asText()).isEqualTo("runner_failed");
        app.backend.crash(app.names.slotName(new UserId("alice")));
        HttpResponse<String> next = post("/v1/responses", responses("hi", false));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(app.backend.starts.get()).isEqualTo(2);
    }

    @Test
    void a_client_leaving_a_front_stream_closes_the_runner_connection() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(app.request("/v1/messages")
                .header("x-api-key", AppHarness.SERVICE_KEY).header("X-CCX-User", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(messages("hang", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        assertThat(new String(body.readNBytes(20), StandardCharsets.UTF_8)).startsWith("event: message_start");
        body.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (!runner().clientWentAway && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runner().clientWentAway).isTrue();
    }

    @Test
    void count_tokens_estimates_a_token_per_four_characters_without_starting_a_runner() throws Exception {
        HttpResponse<String> response = anthropic("/v1/messages/count_tokens", "{\"model\":\"sonnet\",\"system\":"
                + "\"12345678\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße 👋!\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("input_tokens").asInt()).as("(8 + 8 code points) / 4")
                .isEqualTo(4);
        HttpResponse<String> image = anthropic("/v1/messages/count_tokens", "{\"model\":\"sonnet\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{}}]}]}");
        assertError(image, 400, "invalid_request_error", "messages[0].content[0]");
        assertThat(app.backend.creations.get()).isZero();
    }

    @Test
    void chat_completions_refuse_non_text_parts_instead_of_dropping_them() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("messages[0].content[1]");
        assertThat(error.path("message").asText()).contains("image_url");
        assertThat(app.backend.creations.get()).isZero();
    }

    @Test
    void chat_completions_refuse_tool_results_tool_calls_and_messages_without_a_role() throws Exception {
        String user = "{\"role\":\"user\",\"content\":\"weather?\"}";
        HttpResponse<String> tool = post("/v1/chat/completions", "{\"messages\":[" + user
                + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}");
        HttpResponse<String> call = post("/v1/chat/completions", "{\"messages\":[" + user + ",{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\"}]}," + user + "]}");
        HttpResponse<String> noRole = post("/v1/chat/completions", "{\"messages\":[{\"content\":\"hi\"}]}");
        assertChatError(tool, "unsupported_content", "messages[1]");
        assertChatError(call, "unsupported_content", "messages[1].tool_calls");
        assertChatError(noRole, "invalid_messages", "messages[0].role");
        assertThat(app.backend.creations.get()).as("nothing reached a runner").isZero();
    }

    private static void assertChatError(HttpResponse<String> response, String code, String param) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).startsWith(param);
    }

    @Test
    void chat_completions_accept_developer_messages_and_top_level_tools_for_cc_executor_clients() throws Exception {
        String body = "{\"model\":\"sonnet\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"auto\",\"functions\":[{\"name\":\"g\"}],\"messages\":[{\"role\":\"developer\","
                + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(runner().chatBodies.get(0))).as("forwarded as sent").isEqualTo(JSON.readTree(body));
    }
}
