package dev.ccx.orchestrator.fronts;

import static dev.ccx.orchestrator.fronts.ResponsesRequestsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestsTest {

    private static JsonNode chat(String request) {
        return MessagesRequests.translate(json(request)).chatBody();
    }

    private static ApiException refusal(String request) {
        return catchThrowableOfType(ApiException.class, () -> MessagesRequests.translate(json(request)));
    }

    @Test
    void a_typical_sdk_request_becomes_a_streamed_chat_run_on_the_normalised_model() {
        JsonNode chat = chat("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":1024,"system":"Be brief.",
                 "messages":[{"role":"user","content":"Hello"}]}""");
        assertThat(chat).isEqualTo(json("""
                {"model":"sonnet","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},
                 {"role":"user","content":[{"type":"text","text":"Hello"}]}],
                 "stream":true,"stream_options":{"include_usage":true}}"""));
    }

    @Test
    void system_text_blocks_and_text_content_blocks_are_kept_in_order() {
        JsonNode chat = chat("""
                {"model":"claude-opus-4-1","max_tokens":10,
                 "system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},{"type":"text","text":"B"}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"q1"}]},
                             {"role":"assistant","content":"a1"},
                             {"role":"user","content":[{"type":"text","text":"q2"},{"type":"text","text":"more"}]}]}""");
        assertThat(chat.path("model").asText()).isEqualTo("opus");
        assertThat(chat.path("messages").path(0).path("content")).isEqualTo(json("""
                {"c":[{"type":"text","text":"A"},{"type":"text","text":"B"}]}""").get("c"));
        assertThat(chat.path("messages").path(2).path("role").asText()).isEqualTo("assistant");
        assertThat(chat.path("messages").path(3).path("content").size()).isEqualTo(2);
    }

    @Test
    void max_tokens_and_sampling_knobs_are_accepted_without_reaching_the_run() {
        JsonNode chat = chat("""
                {"model":"haiku","max_tokens":5,"temperature":0,"top_k":3,"metadata":{"user_id":"u"},
                 "tools":[],"tool_choice":{"type":"auto"},"thinking":{"type":"disabled"},"stop_sequences":[],
                 "messages":[{"role":"user","content":"x"}]}""");
        assertThat(chat.has("max_tokens")).isFalse();
        assertThat(chat.has("temperature")).isFalse();
        assertThat(chat.path("model").asText()).isEqualTo("haiku");
    }

    @Test
    void ccx_extension_fields_reach_the_run() {
        JsonNode chat = chat("""
                {"model":"sonnet","provider":"claude","output_files":true,"reasoning_effort":"low","web_search":true,
                 "messages":[{"role":"user","content":"x"}]}""");
        assertThat(chat.path("provider").asText()).isEqualTo("claude");
        assertThat(chat.path("output_files").asBoolean()).isTrue();
        assertThat(chat.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(chat.path("web_search").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{1} is refused")
    @CsvSource(delimiter = '|', value = {
            "{\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{}}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | tools",
            "{\"tool_choice\":{\"type\":\"any\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                     | tool_choice",
            "{\"stop_sequences\":[\"END\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                           | stop_sequences",
            "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | thinking",
            "{\"mcp_servers\":[],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                                      | mcp_servers",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{}}]}]}                           | messages[0].content[0]",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"document\"}]}]}  | messages[0].content[1]",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]}           | messages[0].content[0]",
            "{\"system\":[{\"type\":\"image\"}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                       | system[0]",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"The answer is\"}]} | messages[1]"})
    void what_the_clis_cannot_honour_is_a_400_naming_the_field(String request, String field) {
        ApiException e = refusal(request);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).contains(field);
        assertThat(e.publicMessage()).contains(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                                      | messages",
            "{\"messages\":[]}                                                       | messages",
            "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}                | messages[0].role",
            "{\"messages\":[{\"role\":\"user\",\"content\":7}]}                      | messages[0].content",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}  | messages[0].content[0].text",
            "{\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | max_tokens",
            "{\"max_tokens\":\"9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | max_tokens"})
    void malformed_requests_are_a_400_naming_the_field(String request, String field) {
        ApiException e = refusal(request);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).contains(field);
    }
}
