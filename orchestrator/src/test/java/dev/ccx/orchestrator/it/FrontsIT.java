package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotNames;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Responses and Messages fronts, streaming and not, through real runners and the real CLIs (fake model); and how
 * each endpoint's system text reaches the model, read from the requests the CLIs made to the fake model.
 */
class FrontsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path state;
    static ItEnvironment env;

    @BeforeAll
    static void start() {
        env = new ItEnvironment(state, Map.of());
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    /** One streamed event and when it arrived (ms after the request was sent). */
    record Timed(String name, JsonNode data, long atMillis) {}

    private static HttpRequest.Builder request(String path, String user, ObjectNode body) {
        return HttpRequest.newBuilder(URI.create(env.baseUrl() + path)).timeout(Duration.ofMinutes(3))
                .header("x-api-key", ItEnvironment.SERVICE_KEY).header("X-CCX-User", user)
                .header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static HttpResponse<String> post(String path, String user, ObjectNode body) throws Exception {
        return HTTP.send(request(path, user, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Timed> stream(String path, String user, ObjectNode body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request(path, user, body).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Timed> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Timed(name, JSON.readTree(line.substring(6)), (System.nanoTime() - start) / 1_000_000));
                }
            }
        }
        return events;
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    private static List<Timed> named(List<Timed> events, String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    /** The body of the (last) request the CLI made to the fake model on {@code path} whose body holds {@code marker}. */
    private static JsonNode modelRequest(String path, String marker) throws Exception {
        List<RecordedRequest> found = env.model.requests().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(marker)).toList();
        assertThat(found).as("a request to the model on %s carrying %s", path, marker).isNotEmpty();
        return JSON.readTree(found.get(found.size() - 1).body());
    }

    /** The system prompt of an Anthropic request as Claude Code sent it: a string or its text blocks, joined. */
    private static String claudeSystemPrompt(JsonNode request) {
        JsonNode system = request.path("system");
        if (system.isTextual()) {
            return system.asText();
        }
        List<String> texts = new ArrayList<>();
        system.forEach(block -> texts.add(block.path("text").asText()));
        return String.join("\n", texts);
    }

    /** All text of the {@code role} messages of an Anthropic request ({@code messages}) or OpenAI one ({@code input}). */
    private static String messageText(JsonNode request, String role) {
        List<String> texts = new ArrayList<>();
        JsonNode messages = request.has("messages") ? request.path("messages") : request.path("input");
        for (JsonNode message : messages) {
            if (!role.equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                texts.add(content.asText());
            }
            content.forEach(part -> texts.add(part.path("text").asText()));
        }
        return String.join("\n", texts);
    }

    @Test
    void responses_without_streaming_run_claude_in_the_users_own_runner_and_report_the_clis_usage() throws Exception {
        HttpResponse<String> response = post("/v1/responses", "fronts-ann", json("""
                {"model":"claude-sonnet-4-5","instructions":"Be brief.",
                 "input":"@fake usage 123 45\\n@fake reply plain responses answer"}"""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("output").path(0).path("content").path(0).path("text").asText())
                .isEqualTo("plain responses answer");
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(123);
        assertThat(body.path("usage").path("output_tokens").asLong()).isEqualTo(45);
        String slot = new SlotNames(env.instance).slotName(new UserId("fronts-ann"));
        assertThat(env.docker().inspectContainerCmd(slot).exec().getState().getRunning()).isTrue();
        JsonNode sent = modelRequest("/v1/messages", "plain responses answer");
        assertThat(claudeSystemPrompt(sent)).as("instructions are Claude's system prompt").contains("Be brief.");
        assertThat(messageText(sent, "user")).as("and not part of the prompt").doesNotContain("Be brief.");
    }

    @Test
    void responses_streaming_run_codex_for_an_openai_model_name_with_the_responses_event_sequence() throws Exception {
        List<Timed> events = stream("/v1/responses", "fronts-ann", json("""
                {"model":"gpt-5.5","stream":true,"instructions":"Answer plainly.",
                 "input":[{"role":"developer","content":"Use codex terms."},
                          {"role":"user","content":[{"type":"input_text",
                 "text":"@fake usage 200 20\\n@fake reply streamed by codex"}]}]}"""));
        assertThat(events.get(0).name()).isEqualTo("response.created");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("response.completed");
        String text = String.join("", named(events, "response.output_text.delta").stream()
                .map(e -> e.data().path("delta").asText()).toList());
        assertThat(text).isEqualTo("streamed by codex");
        JsonNode completed = events.get(events.size() - 1).data().path("response");
        assertThat(completed.path("model").asText()).isEqualTo("gpt-5.5");
        assertThat(completed.path("usage").path("input_tokens").asLong()).isEqualTo(200);
        assertThat(completed.path("usage").path("output_tokens").asLong()).isEqualTo(20);
        String prompt = messageText(modelRequest("/v1/responses", "streamed by codex"), "user");
        assertThat(prompt).as("Codex has no system-prompt flag: instructions and developer items are folded in first")
                .contains("SYSTEM INSTRUCTIONS:\nAnswer plainly. Use codex terms.\n\nCONVERSATION PROMPT:\n@fake usage");
    }

    @Test
    void messages_without_streaming_carry_system_blocks_and_the_whole_conversation_to_claude() throws Exception {
        HttpResponse<String> response = post("/v1/messages", "fronts-bea", json("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":512,
                 "system":[{"type":"text","text":"You are terse."}],
                 "messages":[{"role":"user","content":"first question"},
                             {"role":"assistant","content":[{"type":"text","text":"first answer"}]},
                             {"role":"user","content":[{"type":"text","text":"second question"}]}]}"""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.path("content").path(0).path("text").asText()).startsWith("fake-model: first question")
                .contains("[Previous assistant response: first answer]").contains("second question");
        assertThat(body.path("usage").path("output_tokens").asLong()).isPositive();
        JsonNode sent = modelRequest("/v1/messages", "second question");
        assertThat(claudeSystemPrompt(sent)).as("system blocks are Claude's system prompt").contains("You are terse.");
        assertThat(messageText(sent, "user")).doesNotContain("You are terse.");
    }

    @Test
    void chat_completions_put_every_system_and_developer_message_into_claudes_system_prompt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl()
                        + "/v1/chat/completions")).timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", "fronts-bea")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"sonnet","tools":[{"type":"function","function":{"name":"caller_defined_tool"}}],
                         "messages":[{"role":"system","content":"Rule one: be terse."},
                                     {"role":"developer","content":[{"type":"text","text":"Rule two: no lists."}]},
                                     {"role":"user","content":"@fake reply chat answer with two rules"}]}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("chat answer with two rules");
        JsonNode sent = modelRequest("/v1/messages", "chat answer with two rules");
        assertThat(claudeSystemPrompt(sent)).contains("Rule one: be terse.\n\nRule two: no lists.");
        assertThat(messageText(sent, "user")).doesNotContain("Rule one").doesNotContain("Rule two");
        assertThat(sent.toString()).as("the caller's tool list is ignored, not given to the model")
                .doesNotContain("caller_defined_tool");
    }

    @Test
    void messages_streaming_arrive_delta_by_delta_while_claude_is_still_answering() throws Exception {
        List<Timed> events = stream("/v1/messages", "fronts-bea", json("""
                {"model":"claude-haiku-4-5","max_tokens":512,"stream":true,
                 "messages":[{"role":"user","content":"@fake stream 5 400\\n@fake reply one two three four five"}]}"""));
        assertThat(events.stream().map(Timed::name).toList()).startsWith("message_start", "content_block_start")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        List<Timed> deltas = named(events, "content_block_delta");
        assertThat(String.join("", deltas.stream().map(e -> e.data().path("delta").path("text").asText()).toList()))
                .isEqualTo("one two three four five");
        assertThat(deltas.size()).isGreaterThanOrEqualTo(3);
        assertThat(deltas.get(deltas.size() - 1).atMillis() - deltas.get(0).atMillis())
                .as("deltas were relayed as the CLI produced them, not at the end").isGreaterThan(800);
        assertThat(named(events, "message_delta").get(0).data().path("usage").path("output_tokens").asLong())
                .isPositive();
    }

    @Test
    void messages_can_run_on_codex_when_the_caller_selects_it() throws Exception {
        List<Timed> events = stream("/v1/messages", "fronts-bea", json("""
                {"model":"codex/default","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":"@fake reply codex speaking anthropic"}]}"""));
        assertThat(named(events, "content_block_delta").stream().map(e -> e.data().path("delta").path("text").asText())
                .reduce("", String::concat)).isEqualTo("codex speaking anthropic");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
    }

    @Test
    void a_model_the_runner_refuses_is_a_400_in_each_fronts_own_error_shape() throws Exception {
        HttpResponse<String> responses = post("/v1/responses", "fronts-ann", json("{\"model\":\"gpt-nope\",\"input\":\"x\"}"));
        HttpResponse<String> messages = post("/v1/messages", "fronts-ann", json("""
                {"model":"gpt-nope","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"""));
        assertThat(responses.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(responses.body()).path("error").path("code").asText()).isEqualTo("unsupported_model");
        assertThat(messages.statusCode()).isEqualTo(400);
        JsonNode anthropic = JSON.readTree(messages.body());
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropic.path("error").path("message").asText()).contains("unsupported Codex model");
    }

    @Test
    void a_cli_failing_after_the_stream_started_ends_the_stream_with_the_fronts_error_event() throws Exception {
        List<Timed> messages = stream("/v1/messages", "fronts-bea", json("""
                {"model":"sonnet","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"@fake error 400"}]}"""));
        Timed last = messages.get(messages.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(last.data().path("error").path("message").asText()).isNotBlank();
        List<Timed> responses = stream("/v1/responses", "fronts-ann", json("""
                {"model":"sonnet","stream":true,"input":"@fake error 400"}"""));
        assertThat(responses.stream().map(Timed::name).toList()).endsWith("error", "response.failed");
    }
}
