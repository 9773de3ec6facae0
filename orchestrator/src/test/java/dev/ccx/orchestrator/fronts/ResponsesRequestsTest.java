package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode chat(String request) {
        return ResponsesRequests.translate(json(request)).chatBody();
    }

    private static ApiException refusal(String request) {
        return catchThrowableOfType(ApiException.class, () -> ResponsesRequests.translate(json(request)));
    }

    @Test
    void a_string_input_becomes_one_user_turn_of_a_streamed_run_with_usage() {
        JsonNode chat = chat("{\"model\":\"sonnet\",\"input\":\"Hi there\"}");
        assertThat(chat).isEqualTo(json("""
                {"model":"sonnet","messages":[{"role":"user","content":[{"type":"text","text":"Hi there"}]}],
                 "stream":true,"stream_options":{"include_usage":true}}"""));
    }

    @Test
    void message_items_with_input_and_output_text_parts_become_turns_in_order() {
        JsonNode chat = chat("""
                {"input":[{"role":"user","content":[{"type":"input_text","text":"2+2?"}]},
                          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"4"}]},
                          {"role":"user","content":"and 3+3?"}]}""");
        assertThat(chat.path("messages")).isEqualTo(json("""
                {"m":[{"role":"user","content":[{"type":"text","text":"2+2?"}]},
                      {"role":"assistant","content":[{"type":"text","text":"4"}]},
                      {"role":"user","content":[{"type":"text","text":"and 3+3?"}]}]}""").get("m"));
        assertThat(chat.has("model")).as("no model: the runner's default applies").isFalse();
    }

    @Test
    void instructions_and_system_or_developer_items_become_the_one_system_message_in_order() {
        JsonNode chat = chat("""
                {"instructions":"Be brief.","input":[{"role":"developer","content":"Answer in German."},
                 {"role":"user","content":"Hi"}]}""");
        assertThat(chat.path("messages").size()).isEqualTo(2);
        assertThat(chat.path("messages").path(0)).isEqualTo(json("""
                {"role":"system","content":[{"type":"text","text":"Be brief."},
                                            {"type":"text","text":"Answer in German."}]}"""));
    }

    @Test
    void reasoning_effort_and_ccx_extension_fields_reach_the_run() {
        JsonNode chat = chat("""
                {"model":"gpt-5.5","input":"x","reasoning":{"effort":"high","summary":"auto"},"job":"talk-42",
                 "allowed_tools":["Read"],"timeout":30,"temperature":0.2,"store":false,"metadata":{"a":"b"}}""");
        assertThat(chat.path("model").asText()).isEqualTo("codex/gpt-5.5");
        assertThat(chat.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(chat.path("job").asText()).isEqualTo("talk-42");
        assertThat(chat.path("allowed_tools").path(0).asText()).isEqualTo("Read");
        assertThat(chat.path("timeout").asInt()).isEqualTo(30);
        assertThat(chat.has("temperature")).as("accepted without effect, not forwarded").isFalse();
    }

    @Test
    void the_stream_flag_is_the_callers_and_the_echoed_model_is_the_name_they_used() {
        RunRequest streamed = ResponsesRequests.translate(json("{\"model\":\"gpt-5.5\",\"input\":\"x\",\"stream\":true}"));
        RunRequest plain = ResponsesRequests.translate(json("{\"input\":\"x\",\"provider\":\"codex\"}"));
        assertThat(streamed.stream()).isTrue();
        assertThat(streamed.model()).isEqualTo("gpt-5.5");
        assertThat(plain.stream()).isFalse();
        assertThat(plain.model()).isEqualTo("codex/default");
        assertThat(plain.chatBody().path("stream").asBoolean()).as("the run itself always streams").isTrue();
    }

    @ParameterizedTest(name = "{1} is refused")
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}                 | tools",
            "{\"input\":\"x\",\"tool_choice\":\"required\"}                                        | tool_choice",
            "{\"input\":\"x\",\"previous_response_id\":\"resp_1\"}                                 | previous_response_id",
            "{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}                    | text",
            "{\"input\":\"x\",\"background\":true}                                                  | background",
            "{\"input\":\"x\",\"include\":[\"reasoning.encrypted_content\"]}                       | include",
            "{\"input\":\"x\",\"frobnicate\":1}                                                     | frobnicate",
            "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"u\"}]}]} | input[0].content[0]",
            "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"a\"},{\"type\":\"input_file\",\"file_id\":\"f\"}]}]} | input[0].content[1]",
            "{\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"o\"}]}  | input[0]",
            "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}            | input[0].content[0]"})
    void what_the_clis_cannot_honour_is_a_400_naming_the_field(String request, String field) {
        ApiException e = refusal(request);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).contains(field);
        assertThat(e.publicMessage()).contains(field);
    }

    @Test
    void harmless_values_of_otherwise_unsupported_fields_are_accepted() {
        JsonNode chat = chat("""
                {"input":"x","tools":[],"tool_choice":"auto","background":false,"include":[],
                 "text":{"format":{"type":"text"},"verbosity":"low"},"max_output_tokens":100,"parallel_tool_calls":true}""");
        assertThat(chat.path("messages").size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                              | input",
            "{\"input\":42}                                                  | input",
            "{\"input\":[{\"role\":\"system\",\"content\":\"only system\"}]} | input",
            "{\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}             | input[0].role",
            "{\"input\":[\"text\"]}                                          | input[0]",
            "{\"input\":\"x\",\"model\":7}                                   | model",
            "{\"input\":\"x\",\"stream\":\"yes\"}                            | stream",
            "{\"input\":\"x\",\"reasoning\":{\"effort\":\"high\"},\"reasoning_effort\":\"low\"} | reasoning.effort"})
    void malformed_requests_are_a_400_naming_the_field(String request, String field) {
        ApiException e = refusal(request);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).contains(field);
    }
}
