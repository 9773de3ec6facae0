package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} and {@code @anthropic-ai/sdk} npm packages as real clients of the orchestrator, on real
 * runners and CLIs: their own parsers accept our JSON, our event streams and our errors (src/test/node/sdk-clients).
 */
class FrontsSdkIT {
    @TempDir
    static Path state;
    static ItEnvironment env;
    static JsonNode results;

    @BeforeAll
    static void runTheClients() {
        Path clients = NodeClients.install();
        env = new ItEnvironment(state, Map.of());
        results = NodeClients.run(clients, env.baseUrl(), ItEnvironment.SERVICE_KEY, "sdk-user");
        System.out.println("SDK client results: " + results);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static JsonNode result(String name) {
        JsonNode result = results.path(name);
        assertThat(result.has("unexpected")).as(name + ": " + result).isFalse();
        return result;
    }

    @Test
    void openai_responses_create_parses_our_response_and_its_output_text() {
        JsonNode r = result("responsesCreate");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("outputText").asText()).isEqualTo("sdk responses plain");
        assertThat(r.path("id").asText()).startsWith("resp_");
        assertThat(r.path("usage").path("input_tokens").asLong()).isPositive();
    }

    @Test
    void openai_responses_stream_events_arrive_in_order_and_add_up_to_the_answer() {
        JsonNode r = result("responsesCreateStream");
        assertThat(r.path("types").get(0).asText()).isEqualTo("response.created");
        assertThat(r.path("types").get(r.path("types").size() - 1).asText()).isEqualTo("response.completed");
        assertThat(r.path("deltas").asText()).isEqualTo("sdk responses streamed");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    void the_openai_response_stream_helper_accumulates_our_events_into_the_final_response() {
        JsonNode r = result("responsesStreamHelper");
        assertThat(r.path("text").asText()).isEqualTo("sdk responses helper");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("deltas").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void openai_chat_completions_still_stream_through_the_unchanged_pass_through() {
        JsonNode r = result("chatCompletionsStream");
        assertThat(r.path("text").asText()).isEqualTo("sdk chat streamed");
        assertThat(r.path("usage").path("total_tokens").asLong()).isPositive();
    }

    @Test
    void the_openai_sdk_raises_typed_errors_with_our_status_code_and_field() {
        JsonNode badModel = result("responsesBadModel");
        assertThat(badModel.path("threw").asText()).isEqualTo("BadRequestError");
        assertThat(badModel.path("status").asInt()).isEqualTo(400);
        assertThat(badModel.path("code").asText()).isEqualTo("unsupported_model");
        assertThat(badModel.path("message").asText()).contains("unsupported Codex model: codex/gpt-nope");
        JsonNode tools = result("responsesUnsupportedTools");
        assertThat(tools.path("threw").asText()).isEqualTo("BadRequestError");
        assertThat(tools.path("param").asText()).isEqualTo("tools");
        assertThat(tools.path("message").asText()).contains("'tools' is not supported");
    }

    @Test
    void the_openai_sdk_raises_our_mid_stream_error_event() {
        JsonNode r = result("responsesFailsMidStream");
        assertThat(r.path("threw").asText()).as(r.toString()).isEqualTo("APIError");
        assertThat(r.path("message").asText()).isNotBlank();
    }

    @Test
    void anthropic_messages_create_parses_our_message() {
        JsonNode r = result("messagesCreate");
        assertThat(r.path("type").asText()).isEqualTo("message");
        assertThat(r.path("role").asText()).isEqualTo("assistant");
        assertThat(r.path("text").asText()).isEqualTo("sdk messages plain");
        assertThat(r.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(r.path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    void the_anthropic_message_stream_accepts_our_event_sequence_and_builds_the_final_message() {
        JsonNode r = result("messagesStream");
        assertThat(r.path("text").asText()).isEqualTo("sdk messages streamed");
        assertThat(r.path("deltas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(r.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(r.path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    void an_anthropic_client_reaches_codex_through_an_openai_model_name() {
        assertThat(result("messagesCodexProvider").path("text").asText()).isEqualTo("sdk messages via codex");
    }

    @Test
    void the_anthropic_sdk_raises_typed_errors_from_our_anthropic_shaped_errors() {
        JsonNode badModel = result("messagesBadModel");
        assertThat(badModel.path("threw").asText()).isEqualTo("BadRequestError");
        assertThat(badModel.path("status").asInt()).isEqualTo(400);
        assertThat(badModel.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(badModel.path("message").asText()).contains("unsupported Codex model: codex/gpt-nope");
        JsonNode image = result("messagesUnsupportedImage");
        assertThat(image.path("threw").asText()).isEqualTo("BadRequestError");
        assertThat(image.path("message").asText()).contains("messages[0].content[0]");
        JsonNode midStream = result("messagesFailsMidStream");
        assertThat(midStream.path("threw").asText()).as(midStream.toString()).isEqualTo("APIError");
        assertThat(midStream.path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void anthropic_count_tokens_returns_the_documented_estimate() {
        assertThat(result("countTokens").path("inputTokens").asInt()).as("ceil((4 + 8) / 4)").isEqualTo(3);
    }
}
